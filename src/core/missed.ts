/**
 * The one summary of what was missed while the bot was down: deadlines that passed and the like,
 * one line each (the `missed` handlers of tasks that became stale), to the management chats, as
 * one message instead of a burst of alerts. Reminders whose moment passed give no line: dropped.
 */
import type { Logger } from 'pino';
import type { MissedLine } from './feature.js';
import { defineMessages, tr, type Locale } from './i18n.js';
import type { Outbox } from './outbox.js';
import { formatDateTime } from './time.js';
import type { UnitRunner } from './unit-of-work.js';

const missedMessages = defineMessages({
  'zh-CN': {
    summary: (p: { since: string; lines: string }) => `⏱ 系统中断期间（${p.since} 起）错过的事项：\n${p.lines}`,
  },
  en: {
    summary: (p: { since: string; lines: string }) => `⏱ Missed while the bot was down (since ${p.since}):\n${p.lines}`,
  },
});

/** Runs in the unit of the scheduler that marks the stale tasks (its handle: `units.q()`). */
export function missedSummary(deps: { units: UnitRunner; outbox: Outbox; log: Logger; timezone: string }) {
  return async (lines: MissedLine[], since: Date, now: Date): Promise<void> => {
    const render = (l: Locale) => ({
      text: tr(missedMessages, l).summary({ since: formatDateTime(since, deps.timezone, l), lines: lines.map((line) => `• ${line(l)}`).join('\n') }),
    });
    const sent = await deps.outbox.toBound(deps.units.q(), { kind: 'core.missed', key: `missed:${now.getTime()}`, binding: 'management', scope: null, render, urgent: false }, now);
    if (!sent.length) deps.log.warn({ lines: lines.length }, 'no management chat is bound: the summary of what was missed goes nowhere');
  };
}
