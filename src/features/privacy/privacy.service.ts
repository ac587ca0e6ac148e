/**
 * A person's own data: everything stored about them as one JSON file (/mydata), erasing it in one
 * transaction (/forgetme), and the daily retention job. The features own their rows: each one's
 * `privacy` hooks (core/feature.ts) say what it exports, erases and lets expire, so a feature
 * added later joins by adding hooks.
 */
import type { Logger } from 'pino';
import type { Config } from '../../config.js';
import { auditAbout, pruneAudit, writeAudit, type AuditRow } from '../../core/audit.repo.js';
import type { PrivacyHooks, SentHook } from '../../core/feature.js';
import { tr, type Locale } from '../../core/i18n.js';
import type { OutgoingFile } from '../../core/message.js';
import { forgetMemberOutbox, forgetOutboxNaming, outboxOfMember } from '../../core/outbox.privacy.repo.js';
import { pruneOutbox } from '../../core/outbox.repo.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { vacuumLater } from '../../core/vacuum.repo.js';
import { privacyMessages } from './privacy.messages.js';

export interface PrivacyDeps {
  /**
   * After an erasure committed, drops the store's earlier versions of its pages (SQLite: empties the
   * WAL, outside any transaction); false when a reader held it back. None: the store has no such step.
   */
  scrub?: () => boolean;
  config: Config;
  log: Logger;
  units: UnitRunner;
  /** Every feature's hooks, this one's own (core tables) among them. */
  hooks: () => PrivacyHooks[];
  /** Whether the member was erased already (and when). */
  erasedAt: (memberId: number) => Promise<Date | null | undefined>;
}

/** Keys of an audit entry's detail a member may read about themselves: no other member's number. */
const AUDIT_DETAIL = ['role', 'scope', 'reason', 'side', 'platform', 'platforms', 'was', 'binding'];
const DAY = 86_400_000;

function auditOut(e: AuditRow, memberId: number) {
  const target = e.target === `member:${memberId}` ? 'you' : e.target?.startsWith('member:') ? 'another member' : e.target;
  const detail = Object.fromEntries(Object.entries(e.detail ?? {}).filter(([k]) => AUDIT_DETAIL.includes(k)));
  const by = e.actorMemberId === memberId ? 'you' : e.actorMemberId === null ? 'the bot' : 'staff or an admin';
  return { at: e.at, action: e.action, by, ...(target ? { target } : {}), ...(Object.keys(detail).length ? { detail } : {}) };
}

/** The core tables' part (audit log, outbox): written here, as no feature owns them. */
export const corePrivacy: PrivacyHooks = {
  // identity_id: the account a message went to; erased with the row's recipient.
  handles: { audit_log: ['actor_member_id'], outbox: ['member_id', 'identity_id'] },
  exportMine: async (q, memberId) => ({
    audit_log: (await auditAbout(q, memberId)).map((e) => auditOut(e, memberId)),
    messages_to_you: (await outboxOfMember(q, memberId)).map((r) => ({ kind: r.kind, status: r.status, at: r.createdAt, text: r.payload.text })),
  }),
  forget: async (q, memberId, now) => {
    await forgetMemberOutbox(q, memberId, now);
    await forgetOutboxNaming(q, memberId); // what went elsewhere but named them (a card, a queue listing)
  },
  retain: async (q, retention, now) => {
    // What the bot sent keeps its text for a while once final: replies' rows go, keyed rows keep their key.
    const outbox = await pruneOutbox(q, new Date(now.getTime() - retention.outbox_text_days * DAY));
    const audit = await pruneAudit(q, new Date(now.getTime() - retention.audit_days * DAY));
    return { audit_entries: audit, outbox_texts_cleared: outbox.cleared, outbox_rows_deleted: outbox.deleted };
  },
};

export function createPrivacyService(deps: PrivacyDeps) {
  /** Empties what the store keeps of earlier pages once the running unit (if any) committed. */
  function scrubAfterCommit(warning: string): void {
    const { scrub } = deps;
    if (!scrub) return;
    const empty = () => void (scrub() || deps.log.warn(warning));
    const unit = deps.units.current();
    if (unit) unit.afterCommit(empty);
    else empty();
  }

  /** Everything stored about the member, as the /mydata file in their language (read in the running unit). */
  async function exportFile(memberId: number, now: Date, locale: Locale): Promise<OutgoingFile> {
    const m = tr(privacyMessages, locale);
    const sections: Record<string, unknown> = {};
    await deps.units.atomic(async (q) => {
      for (const h of deps.hooks()) Object.assign(sections, await h.exportMine?.(q, memberId));
    });
    const file = { about: m.fileAbout, exported_at: now.toISOString(), not_in_this_file: m.fileNotFound, ...sections };
    return { name: 'yizhan-mydata.json', mime: 'application/json', content: `${JSON.stringify(file, null, 2)}\n` };
  }

  /**
   * Erases the member in one transaction (every feature's `forget`, then an audit entry with no
   * name in it); right after the commit the WAL is emptied, so no earlier version of the pages
   * stays readable. False when the member was erased already (a second press).
   */
  async function forget(memberId: number, now: Date): Promise<boolean> {
    if (await deps.erasedAt(memberId)) return false;
    // The core tables' part first, while the member's accounts still say which private chats were theirs.
    const hooks = [corePrivacy, ...deps.hooks().filter((h) => h !== corePrivacy)];
    await deps.units.atomic(async (q) => {
      for (const h of hooks) await h.forget?.(q, memberId, now);
      await writeAudit(q, { actorMemberId: memberId, action: 'member.erased', target: `member:${memberId}` }, now);
      await vacuumLater(q, 'all', now); // PostgreSQL: the erased rows' old versions go after the commit
    });
    deps.log.info('a member erased their data'); // no number, no name: the audit entry says who
    scrubAfterCommit('WAL not emptied after an erasure: a reader held it');
    return true;
  }

  /** The daily job: every feature's `retain` with the configured periods, in one transaction. */
  async function retain(now: Date): Promise<Record<string, number>> {
    const removed: Record<string, number> = {};
    await deps.units.atomic(async (q) => {
      for (const h of deps.hooks()) Object.assign(removed, await h.retain?.(q, deps.config.privacy.retention, now));
      // PostgreSQL: what retention removed goes from the pages too, after the commit.
      if (Object.values(removed).some((n) => n > 0)) await vacuumLater(q, 'all', now);
    });
    deps.log.info({ removed }, 'retention job done');
    return removed;
  }

  /**
   * The `privacy.erased` hook: the confirmation of an erasure had to name the person's chat until it
   * was sent; once it was (and its row deleted), the WAL is emptied again, so that chat is not left
   * in the files either.
   */
  const erasedConfirmed: SentHook = () => scrubAfterCommit('WAL not emptied after an erasure was confirmed: a reader held it');

  return { exportFile, forget, retain, erasedConfirmed };
}

export type PrivacyService = ReturnType<typeof createPrivacyService>;
