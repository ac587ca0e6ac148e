/**
 * Case texts are sealed at rest (AES-256-GCM, the key beside the database or in YIZHAN_DATA_KEY):
 * while the bot runs, neither the database file nor its WAL holds any of them in clear — not the
 * student's words, a counsellor's reply, a private note, a break-glass reason, words waiting for
 * "send to the counsellor or something new?", nor the outbox rows that carried them — and no log
 * line does either. A database opened with another key cannot read them.
 */
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { memoryLogger, testConfig } from '../../../test/harness.js';
import { createLocalPort, type LocalPort } from '../../adapters/local/local-port.js';
import { SIM_START } from '../../adapters/sim/simulator.js';
import { createApp } from '../../app.js';
import { PersonSchema } from '../../config.js';
import { ManualClock } from '../../core/clock.js';
import type { Incoming } from '../../core/message.js';
import { seededRng } from '../../core/rng.js';
import { createSealer, dataKeys, randomDataKeys, type DataKeys } from '../../core/sealing.js';
import { keyFileOf } from '../../db/data-keys.js';
import { PEOPLE, rows, tmpDb } from './cases.fixtures.js';
import { onPgStore, openTestStore, storedBytes } from '../../../test/pg/app-store.js';

/** Words that appear nowhere but in what people said in the cases. */
const SECRETS = {
  crisis: '我不想活了，紫色长颈鹿也帮不了我',
  talk: '我每天夜里都在数天花板上的裂缝',
  kept: 'what time does the pineapple library close?',
  reply: '青蛙老师相信你能撑过去',
  note: '已联系家长，备注：橙色雨伞计划',
  reason: '需要确认宿舍号：蓝色火车站旁边',
  offer: '最近压力很大睡不着，总想起银色的钢琴',
};

/** The real app on a database file; messages are handled one by one, and the files read while it runs. */
async function boot(dbPath: string, logs: Record<string, unknown>[], dataKeys?: DataKeys) {
  const store = await openTestStore(dbPath); // PostgreSQL under npm run test:pg
  const port: LocalPort = createLocalPort(() => undefined);
  const app = createApp({
    config: testConfig(), db: store.db, store, clock: new ManualClock(new Date(SIM_START)), rng: seededRng(1), log: memoryLogger(logs, 'debug'), ports: new Map([['local', port]]),
    ...(dataKeys ? { dataKeys } : {}),
  });
  const chat = (user: string, group?: string): Incoming['chat'] => (group ? { platform: 'local', id: group, kind: 'group' } : { platform: 'local', id: `private:${user}`, kind: 'private' });
  const send = async (user: string, text: string, group?: string) => {
    await app.router.handle({ chat: chat(user, group), sender: { id: user, name: user }, text });
    await app.scheduler.runDue();
  };
  const press = async (user: string, label: string) => {
    const b = port.findButton(`private:${user}`, label)!;
    await app.router.handle({ chat: chat(user), sender: { id: user, name: user }, text: '', press: b.data, pressedMessage: b.ref });
    await app.scheduler.runDue();
  };
  return { app, send, press, stop: async () => { await app.scheduler.stop(); await store.close(); } };
}

/** What someone reading the stored data sees (test/pg/app-store.ts storedBytes); SQLite's WAL is there to be searched. */
function atRest(dbPath: string): Record<string, Buffer> {
  const stored = storedBytes(dbPath);
  if (!onPgStore) expect(stored.wal!.length).toBeGreaterThan(0);
  return stored;
}

describe('case texts at rest', () => {
  it('are in neither the database file nor its WAL nor the logs, while the bot runs', async () => {
    const dbPath = tmpDb();
    const logs: Record<string, unknown>[] = [];
    const bot = await boot(dbPath, logs);
    for (const p of PEOPLE) await bot.app.members.declare(PersonSchema.parse(p), new Date(SIM_START));
    await bot.app.chats.seedLocal(new Date(SIM_START));
    await bot.send('li', SECRETS.crisis);
    await bot.send('li', SECRETS.talk);
    await bot.send('li', SECRETS.kept); // clearly something new: kept (sealed) while li chooses
    await bot.send('xu', `/reply C-1 ${SECRETS.reply}`, 'group:staff-counselling');
    await bot.send('xu', `/reveal C-1 ${SECRETS.reason}`);
    await bot.send('amy', SECRETS.offer); // wellbeing: the words wait (sealed) for "talk to a counsellor"
    await bot.press('amy', 'Talk to a counsellor (anonymous)');
    await bot.send('xu', `/close C-1 ${SECRETS.note}`, 'group:staff-counselling');

    const files = atRest(dbPath);
    for (const [what, text] of Object.entries(SECRETS)) {
      for (const [file, bytes] of Object.entries(files)) {
        for (const part of [text, ...text.split(/[，：、]/).filter((p) => p.length >= 4), ...(text.includes('pineapple') ? ['pineapple'] : [])]) {
          expect(bytes.includes(Buffer.from(part, 'utf8')), `${what} ("${part}") in ${file}`).toBe(false);
        }
      }
      expect(JSON.stringify(logs), `${what} in the logs`).not.toContain(text);
    }
    await bot.stop();

    // Sealed, not lost: the rows name their key, and the key beside the database opens them.
    expect(existsSync(keyFileOf(dbPath))).toBe(true);
    const keyIds = rows(dbPath, 'select distinct key_id from case_messages');
    expect(keyIds).toHaveLength(1);
    const bodies = rows(dbPath, 'select body from case_messages order by id').map((r) => String(r.body));
    expect(bodies.every((b) => b.startsWith(`v1.${String(keyIds[0]!.key_id)}.`))).toBe(true);
    // What the outbox sealed for the relay is forgotten once sent: no row of it is left.
    expect(rows(dbPath, "select count(*) as n from outbox where cast(payload as text) like '%\"sealed\"%'")[0]!.n).toBe(0);
  });

  it('are sealed again under a new key once it is added, so the old one can be retired', async () => {
    const dbPath = tmpDb();
    const [oldKey, newKey] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const first = await boot(dbPath, [], dataKeys([oldKey]));
    for (const p of PEOPLE) await first.app.members.declare(PersonSchema.parse(p), new Date(SIM_START));
    await first.send('li', SECRETS.crisis);
    await first.send('xu', `/reveal C-1 ${SECRETS.reason}`);
    await first.stop();
    const oldId = createSealer(dataKeys([oldKey])).keyId;
    expect(rows(dbPath, 'select key_id from case_messages union all select key_id from case_reveals')).toEqual([{ key_id: oldId }, { key_id: oldId }]);

    const rotated = await boot(dbPath, [], dataKeys([oldKey, newKey])); // the new key added last: it seals from now on
    await rotated.app.units.run(() => rotated.app.features.flatMap((f) => f.jobs ?? []).find((j) => j.name === 'cases.rekey')!.run(new Date(SIM_START)));
    await rotated.stop();
    const onlyNew = createSealer(dataKeys([newKey])); // the old key removed
    const [message] = rows(dbPath, 'select key_id, body from case_messages');
    const [reveal] = rows(dbPath, 'select key_id, reason from case_reveals');
    expect([message!.key_id, reveal!.key_id]).toEqual([onlyNew.keyId, onlyNew.keyId]);
    expect(onlyNew.open(String(message!.body), 'case:1')).toBe(SECRETS.crisis);
    expect(onlyNew.open(String(reveal!.reason), 'case:1:reveal')).toBe(SECRETS.reason);
  });

  it('cannot be read with another key', async () => {
    const dbPath = tmpDb();
    const bot = await boot(dbPath, []);
    await bot.app.members.declare(PersonSchema.parse({ user: 'li', name: '李华' }), new Date(SIM_START));
    await bot.send('li', SECRETS.crisis);
    await bot.stop();
    const body = String(rows(dbPath, 'select body from case_messages')[0]!.body);
    expect(() => createSealer(randomDataKeys()).open(body, 'case:1')).toThrow(/not loaded/);
  });
});
