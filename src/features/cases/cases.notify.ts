/**
 * Who hears about a case, and how: the counselling centre (its staff chat, else its counsellors
 * privately), one person (the counsellor on duty, the one in contact, an approver), the management
 * (its chat, else the admins), the safety department, and the student. Every message is an outbox
 * row (crash-safe); whatever carries a student's or counsellor's words is sealed in the row and
 * forgotten once sent, and lands where a reply to it reaches the case (`cases.relay`).
 */
import type { Config } from '../../config.js';
import type { Clock } from '../../core/clock.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { Messenger, Render } from '../../core/messenger.js';
import type { SendOptions, UnitRunner } from '../../core/unit-of-work.js';
import type { SentHook } from '../../core/feature.js';
import type { GrantRole } from '../../core/roles.js';
import type { Holders } from '../access/access.service.js';
import type { MembersService } from '../members/members.service.js';
import { caseStaffMessages } from './cases.staff.messages.js';
import { saveRelay, type CaseRow } from './cases.repo.js';

export interface CaseNotifyDeps {
  /** Runs in the caller's unit and queries on its handle (`units.q()`). */
  units: UnitRunner;
  config: Config;
  clock: Clock;
  messenger: Messenger;
  members: MembersService;
  holders: Holders;
}

/** How a message about a case is sent: `words` when it carries what someone said; `urgent` for crisis alerts (the replies' lane, whatever the quiet hours). */
export interface Sending {
  caseId: number;
  words?: boolean;
  urgent?: boolean;
  /** A relay's receipt options (cases.receipts.ts): its hooks and meta replace the staff copy's. */
  receipt?: SendOptions;
}

/** "C-12": what staff call a case. */
export const caseCode = (id: number) => `C-${id}`;

export function createCaseNotifier(deps: CaseNotifyDeps) {
  const { units, config, messenger, members } = deps;
  const centre = config.crisis.department;

  /** Outbox options: words sealed and forgotten once sent; every staff copy answerable by a reply; alerts in the crisis lane. */
  function options(s: Sending): SendOptions {
    return {
      onSent: 'cases.relay', meta: { caseId: s.caseId },
      ...(s.words ? { seal: true, forget: true } : {}),
      ...(s.urgent ? { lane: 'reply' as const } : {}),
      ...s.receipt,
    };
  }

  /** Who holds `roles` of `scope`, read before sending (the messenger takes them when no chat is bound). */
  const holding = async (roles: readonly GrantRole[], scope: string) => {
    const ids: number[] = [];
    for (const role of roles) ids.push(...(await deps.holders(role, scope)));
    return ids;
  };
  const staffOf = (dept: string) => holding(['staff', 'lead'], dept);

  /** The member's name as colleagues see it. */
  const nameOf = async (memberId: number | null) => (memberId === null ? '' : (await members.get(memberId))?.name ?? `#${memberId}`);

  return {
    /** The counselling chat, else its counsellors privately; how many got it. */
    async toCentre(render: Render, s: Sending): Promise<number> {
      const counsellors = await staffOf(centre);
      return messenger.toBoundOrMembers('staff', centre, () => counsellors, render, options(s));
    },
    /** The management chat, else the admins privately. */
    async toManagement(render: Render, s: Sending): Promise<number> {
      const admins = await holding(['admin'], '*');
      return messenger.toBoundOrMembers('management', null, () => admins, render, options(s));
    },
    /** A department's staff chat, else its staff (the safety department for danger to others). */
    async toDepartment(dept: string, render: Render, s: Sending): Promise<number> {
      const staff = await staffOf(dept);
      return messenger.toBoundOrMembers('staff', dept, () => staff, render, options(s));
    },
    /** One member privately; false when they have no private chat the bot may use. */
    toMember: async (memberId: number, render: Render, s: Sending) => messenger.toMember(memberId, render, options(s)),
    /** The student of the case (their words and the counsellors' are sealed; nothing is answerable by a reply); false when unreachable. */
    async toStudent(c: CaseRow, render: Render, s: Omit<Sending, 'caseId'> = {}): Promise<boolean> {
      if (c.memberId === null) return false;
      return messenger.toMember(c.memberId, render, {
        ...(s.words ? { seal: true, forget: true } : {}), ...(s.urgent ? { lane: 'reply' as const } : {}), ...s.receipt,
      });
    },
    /** How staff name the student, in a language: the alias, or the name once the student revealed it. */
    async studentName(c: CaseRow): Promise<(l: Locale) => string> {
      const name = c.revealed && c.memberId !== null ? (await members.get(c.memberId))?.name : undefined;
      return (l) => {
        const alias = tr(caseStaffMessages, l).alias({ tag: c.alias });
        return name ? `${name}（${alias}）` : alias;
      };
    },
    nameOf,
    /** The member behind a configured identity, if they ever talked to the bot. */
    memberOf: async (identity: string) => members.byIdentity(identity),
    /** The `cases.relay` hook: a staff copy that landed is where a reply to it reaches its case. */
    relaySent: (async (ref, meta) => saveRelay(units.q(), ref, Number(meta.caseId), deps.clock.now())) satisfies SentHook,
  };
}

export type CaseNotifier = ReturnType<typeof createCaseNotifier>;

/** The case number a staff member typed ("C-12", "c12", "#C-12"), or undefined. */
export function parseCaseId(word: string): number | undefined {
  const m = /^#?c-?(\d{1,9})$/i.exec(word.trim());
  return m ? Number(m[1]) : undefined;
}

/** Whether a command's arguments start with a case number (`/reply C-3 …` is a case's, `/reply T-3 …` a ticket's). */
export const namesCase = (args: string) => parseCaseId(args.trim().split(/\s+/)[0] ?? '') !== undefined;
