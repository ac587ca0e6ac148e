/**
 * A campus of Telegram students for the outbox crash test and the fan-out benchmark: the demo
 * config with one survey for all students and no quiet hours (the run must go out whatever the
 * time of day), members whose private chats the fake Bot API knows, and a survey run that puts
 * one invitation per member in the outbox through the real surveys service.
 */
import pino from 'pino';
import { createApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { systemClock } from '../../src/core/clock.js';
import type { PlatformPort, Ports } from '../../src/core/message.js';
import type { Nlu } from '../../src/nlu/index.js';
import { seededRng } from '../../src/core/rng.js';
import type { Q } from '../../src/db/client.js';
import type { Store } from '../../src/db/store.js';
import { tables } from '../../src/db/tables.js';
import { checkSurvey } from '../../src/features/surveys/surveys.schema.js';
import { privateChat, user, type FakeTelegram } from '../fakes/telegram-api.js';

const both = (zh: string, en: string) => ({ 'zh-CN': zh, en });

export const FANOUT_SURVEY = 'fanout';

/** The demo campus, quiet hours off, with a one-question survey for every student. */
export function campusConfig(): Config {
  const checked = checkSurvey({
    id: FANOUT_SURVEY, title: both('食堂小调查', 'Canteen check'), audience: 'students', open_for: '3d',
    reminders: { after: [], before_close: [] },
    questions: [{ id: 'taste', type: 'rating', text: both('饭菜口味如何？', 'How is the food?') }],
  });
  if ('problems' in checked) throw new Error(checked.problems.join('; '));
  const base = loadConfig('config/default.yaml', {});
  return { ...base, quiet_hours: { start: '00:00', end: '00:00' }, surveys: [checked.survey] };
}

/** Telegram user ids of the students: 500001, 500002, ... */
export const studentIds = (n: number): number[] => Array.from({ length: n }, (_, i) => 500_001 + i);

/** Members with a reachable Telegram private chat, one per id, on either store (`q`: a store's handle); the fake learns the chats. */
export async function seedStudents(q: Q, ids: number[], fake?: FakeTelegram): Promise<void> {
  const { members, identities } = tables(q);
  const now = new Date();
  const name = (id: number) => `学生${id}`;
  for (let from = 0; from < ids.length; from += 1000) { // a thousand rows a statement: under SQLite's limit of variables
    const chunk = ids.slice(from, from + 1000);
    const made = await q.insert(members).values(chunk.map((id, i) => ({ name: name(id), platformLocale: (from + i) % 3 ? 'zh-hans' : 'en', createdAt: now })))
      .returning({ id: members.id, name: members.name });
    const memberOf = new Map(made.map((m) => [m.name, m.id]));
    await q.insert(identities).values(chunk.map((id) => ({
      memberId: memberOf.get(name(id))!, platform: 'telegram' as const, platformUserId: String(id), displayName: name(id), privateChatId: String(id), createdAt: now, lastSeenAt: now,
    })));
  }
  for (const id of ids) fake?.addChat(privateChat(user({ id })));
}

/** An NLU that understands nothing: the outbox never asks it, and training the real one costs a second. */
export const silentNlu: Nlu = {
  understand: () => ({ intent: 'none', confidence: 0, slots: {}, alternatives: [], crisis: 'none' }),
  thresholds: { private: 1, group: 1 },
};

/** A port that only says Telegram is running: enqueueing resolves targets, nothing is sent. */
const enqueueOnlyPort: PlatformPort = {
  platform: 'telegram',
  send: () => Promise.reject(new Error('this process only enqueues')),
  edit: () => Promise.reject(new Error('this process only enqueues')),
};

/**
 * Starts a run of the fan-out survey with the real app (no adapter running): one outbox row per
 * student, in one transaction. Returns the run id.
 */
export async function enqueueSurveyRun(store: Store, config = campusConfig()): Promise<number> {
  const ports: Ports = new Map([['telegram', enqueueOnlyPort]]);
  const app = createApp({ config, db: store.db, store, clock: systemClock, rng: seededRng(1), log: pino({ level: 'silent' }), ports, nlu: silentNlu });
  return (await app.surveys.start(FANOUT_SURVEY, null, systemClock.now())).run.id;
}
