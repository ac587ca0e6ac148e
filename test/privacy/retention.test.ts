/**
 * Retention is rows, not timers: the daily job remembers when it last ran (cron_runs), so a bot
 * that was down runs it once at start, and what outlived its period goes then — a finished
 * ticket's texts and photos after 2 years, audit entries after 3, what the bot sent after a week
 * (replies' rows go, keyed rows keep only their key) — and nothing earlier.
 */
import { describe, expect, it } from 'vitest';
import { SIM_START } from '../../src/adapters/sim/simulator.js';
import { query, tempDb } from '../survey-fixtures.js';
import { boot } from './campus.js';
import { li } from './scenario.js';

const DAY = 86_400_000;
const T0 = new Date(SIM_START).getTime();

/** Starts the bot at `at` (catching up missed jobs), stops it, and says how often retention ran. */
async function runAt(dbPath: string, at: number) {
  const c = await boot(dbPath, { now: new Date(at) });
  await c.app.scheduler.start();
  await c.stop();
  return c.logs.filter((l) => l.msg === 'retention job done').map((l) => l.removed);
}

const ticket = (dbPath: string) => query(dbPath, `select status, description, (select count(*) from ticket_photos) as photos,
  (select count(*) from ticket_events where text is not null) as texts from tickets`)[0];

describe('retention', () => {
  it('erases a cancelled ticket\'s texts and photos after 2 years and audit entries after 3, once per start after downtime', async () => {
    const dbPath = tempDb();
    const first = await boot(dbPath);
    await first.app.scheduler.start(); // remembers when the daily job starts counting
    await first.says(li, '/repair 3号楼502 热水器坏了', 'private', [{ kind: 'photo', ref: 'photo-ref-1' }]);
    await first.presses(li, '确认提交');
    await first.says(li, '/cancel T-1');
    await first.says(li, '/link');
    await first.stop();
    expect(ticket(dbPath)).toEqual({ status: 'cancelled', description: '3号楼502 热水器坏了', photos: 1, texts: 0 });
    const audit = query<{ n: number }>(dbPath, 'select count(*) as n from audit_log')[0]!.n;
    expect(audit).toBeGreaterThan(0);
    const sent = query<{ n: number }>(dbPath, "select count(*) as n from outbox where dedupe_key is null and status = 'sent'")[0]!.n;
    expect(sent).toBeGreaterThan(0); // the replies li got, and the card the department got

    const outbox = { faq_question_texts: 0, case_texts: 0, outbox_texts_cleared: 0, outbox_rows_deleted: 0 };
    expect(await runAt(dbPath, T0 + 729 * DAY)).toEqual([{ ticket_texts: 0, audit_entries: 0, ...outbox, outbox_rows_deleted: sent }]); // down for two years less a day: one run
    expect(ticket(dbPath)).toMatchObject({ description: '3号楼502 热水器坏了', photos: 1 });
    expect(query(dbPath, 'select count(*) as n from outbox where dedupe_key is null')).toEqual([{ n: 0 }]);

    expect(await runAt(dbPath, T0 + 731 * DAY)).toEqual([{ ticket_texts: 1, audit_entries: 0, ...outbox }]);
    expect(ticket(dbPath)).toEqual({ status: 'cancelled', description: '', photos: 0, texts: 0 });
    expect(await runAt(dbPath, T0 + 731 * DAY + 3_600_000)).toEqual([]); // an hour later, no 03:40 in between: not again

    expect(await runAt(dbPath, T0 + 1096 * DAY)).toEqual([{ ticket_texts: 0, audit_entries: audit, ...outbox, outbox_texts_cleared: 1 }]);
    // The weekly digests caught up at the starts (keyed: the key stays, the text only for a week).
    expect(query(dbPath, "select kind, payload = '{\"text\":\"\"}' as cleared from outbox order by id")).toEqual([
      { kind: 'digest.weekly', cleared: 1 }, { kind: 'digest.weekly', cleared: 0 },
    ]);
    expect(query(dbPath, 'select action from audit_log')).toEqual([{ action: 'link.expired' }]); // written when the code expired, at the start 729 days in
    expect(query(dbPath, "select count(*) as n from cron_runs where name = 'privacy.retention'")).toEqual([{ n: 1 }]);
  });

  it('takes its periods from the config, validated', async () => {
    const { parseConfig } = await import('../../src/config.js');
    const { parse } = await import('yaml');
    const { readFileSync } = await import('node:fs');
    const raw = parse(readFileSync('config/default.yaml', 'utf8')) as Record<string, unknown>;
    const bad = { ...raw, privacy: { retention: { closed_ticket_text_days: 0 } } };
    expect(() => parseConfig(bad, 'x.yaml')).toThrow('privacy.retention.closed_ticket_text_days: must be a positive number of days');
    const config = parseConfig({ ...raw, privacy: undefined }, 'x.yaml');
    expect(config.privacy).toEqual({ min_group_size: 5, retention: { closed_case_text_days: 180, closed_ticket_text_days: 730, inbox_days: 7, audit_days: 1095, outbox_text_days: 7 } });
  });
});
