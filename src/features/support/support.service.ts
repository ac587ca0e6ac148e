/**
 * Counselling support's use cases. A crisis, or a student asking to talk, becomes one anonymous
 * case of the counselling department (`crisis.department`): today a ticket under an alias, urgent
 * when the risk is high. What the same student adds within a day goes to that case while it is
 * open, so one conversation is one case. Words are kept even when too long (cut, never refused).
 */
import type { Config } from '../../config.js';
import { DAY } from '../../core/clock.js';
import type { Locale } from '../../core/i18n.js';
import type { Platform } from '../../core/message.js';
import type { TicketService } from '../tickets/tickets.service.js';
import { cutTo, MAX_DESCRIPTION, MAX_MESSAGE } from '../tickets/tickets.limits.js';
import type { TicketRow } from '../tickets/tickets.repo.js';

export type Risk = 'high' | 'medium';

export interface SupportServiceDeps {
  config: Config;
  tickets: TicketService;
  /** The alert's header on the staff card, by risk. */
  header: (risk: Risk, l: Locale) => string;
}

export function createSupportService(deps: SupportServiceDeps) {
  const { config, tickets } = deps;

  /** The case `memberId` opened in the last day, while it is still open. */
  const openCase = (memberId: number, now: Date): TicketRow | undefined =>
    tickets.recentActive(memberId, config.crisis.department, new Date(now.getTime() - DAY));

  /** Adds `text` to the member's open case, or opens a new anonymous one with it. */
  function raise(memberId: number, platform: Platform, text: string, risk: Risk, now: Date): TicketRow {
    const open = openCase(memberId, now);
    if (open) return tickets.answer(open.id, memberId, cutTo(text, MAX_MESSAGE), now);
    return tickets.create(
      { kind: 'question', category: 'mental_health', description: cutTo(text, MAX_DESCRIPTION), photos: [], anonymous: true },
      memberId, platform, now,
      { priority: risk === 'high' ? 'urgent' : 'normal', departmentId: config.crisis.department, header: (l) => deps.header(risk, l) },
    );
  }

  /** The student lets the counsellors know who they are. */
  const reveal = (caseId: number, memberId: number, now: Date) => tickets.reveal(caseId, memberId, now);

  return { openCase, raise, reveal };
}

export type SupportService = ReturnType<typeof createSupportService>;
