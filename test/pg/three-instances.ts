/**
 * The campus and the processes of the multi-instance test (three-instances.test.ts): a config
 * file, a PostgreSQL database seeded before any instance starts (3,000 students with Telegram
 * private chats, a bound staff group and two leads who receive a daily digest, yesterday's tickets
 * for it to report), and bot processes started as production starts them (`node dist/main.js`:
 * test/global-setup.ts builds it) with DATABASE_URL, each with its webhook on a port of its own.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Q } from '../../src/db/client.js';
import { closePg, openPg } from '../../src/db/pg/client.js';
import { tables } from '../../src/db/tables.js';
import { seedStudents, studentIds } from '../crash/campus.js';
import { freePort } from '../fakes/free-port.js';
import { groupChat, privateChat, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { until } from '../until.js';

export const ADMIN = user({ id: 2001, first_name: '管理员', username: 'campus_admin' });
/** The security department's staff group: its daily digest goes there. */
export const SECURITY_GROUP = groupChat({ id: -1_001_000_000_001, title: '保卫处 · 值班群' });
/** The career centre's leads: no chat is bound for it, so its daily digest goes to each of them. */
export const CAREER_LEADS = [user({ id: 3101, first_name: '就业' }), user({ id: 3102, first_name: '指导' })];
export const SURVEY_TITLE = '食堂小调查';
const HOOK_PATH = '/telegram/hook';

/**
 * The demo campus: quiet hours off (the run must not depend on the time of day), the test's admin,
 * the bot told to send `perSecond` messages a second (the fake enforces the same), a survey for
 * all students, and the daily digest due every minute (each minute's firing runs once; the digest
 * itself is of the previous day).
 */
export function campusConfig(dir: string, perSecond: number): string {
  const yaml = readFileSync('config/default.yaml', 'utf8')
    .replace(/^admins:\n/m, `admins:\n  - telegram:${ADMIN.id}\n`)
    .replace(/^quiet_hours: .*$/m, 'quiet_hours: { start: "00:00", end: "00:00" }')
    .replace(/^ {2}daily_cron: .*$/m, '  daily_cron: "* * * * *"')
    .replace(/^telegram:\n/m, `telegram:\n  messages_per_second: ${perSecond}\n`)
    + ['surveys:', '  - id: fanout', `    title: { zh-CN: ${SURVEY_TITLE}, en: Canteen check }`, '    audience: students', '    open_for: 3d',
      '    questions:', '      - { id: taste, type: rating, text: { zh-CN: 饭菜口味如何？, en: How is the food? } }', ''].join('\n');
  const file = join(dir, 'campus.yaml');
  writeFileSync(file, yaml);
  return file;
}

/** Students, the digest's recipients and what it reports, written before any instance starts; the fake learns their chats. */
export async function seedCampus(url: string, fake: FakeTelegram, students: number): Promise<void> {
  const pg = await openPg(url, { max: 2 }); // migrates the empty database
  try {
    const q = pg as unknown as Q;
    await seedStudents(q, studentIds(students), fake);
    const { chats, members, identities, roleGrants, tickets } = tables(q);
    const now = new Date();
    await q.insert(chats).values({ platform: 'telegram', platformChatId: String(SECURITY_GROUP.id), kind: 'group', title: '保卫处', binding: 'staff', scope: 'security', createdAt: now });
    fake.addChat(SECURITY_GROUP);
    for (const lead of CAREER_LEADS) {
      const [m] = await q.insert(members).values({ name: lead.first_name, platformLocale: 'zh-hans', createdAt: now }).returning({ id: members.id });
      await q.insert(identities).values({ memberId: m!.id, platform: 'telegram', platformUserId: String(lead.id), displayName: lead.first_name, privateChatId: String(lead.id), createdAt: now, lastSeenAt: now });
      await q.insert(roleGrants).values({ memberId: m!.id, role: 'lead', scope: 'career', createdAt: now });
      fake.addChat(privateChat(lead));
    }
    // Yesterday (campus time: 24 hours ago always is): one ticket each for the two departments' digests.
    const yesterday = new Date(now.getTime() - 86_400_000);
    const reporter = (await q.select({ id: members.id }).from(members).limit(1))[0]!.id;
    await q.insert(tickets).values([['security', 'safety'], ['career', 'career']].map(([departmentId, category]) => ({
      kind: 'question' as const, category: category as 'safety', departmentId: departmentId!, description: '昨天的问题', reporterId: reporter, alias: 'AAAA',
      firstResponseDue: new Date(yesterday.getTime() + 3_600_000), resolutionDue: new Date(yesterday.getTime() + 86_400_000), createdAt: yesterday, updatedAt: yesterday,
    })));
  } finally {
    await closePg(pg);
  }
}

export interface Bot {
  child: ChildProcess;
  /** Its webhook, as the load balancer reaches it. */
  hook: string;
  stderr: string[];
  exited: Promise<void>;
}

/** The JSON log lines a process wrote so far. */
export function logOf(bot: Bot): { msg: string; [k: string]: unknown }[] {
  return bot.stderr.join('').split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string });
}

/**
 * The environment every instance shares: the bot, the database, the public webhook address and the
 * data key. No TELEGRAM_WEBHOOK_SECRET: the instances starting together must agree on the one the
 * first of them generates and keeps in the database, or Telegram would hold the others' requests
 * to a secret they refuse.
 */
export function sharedEnv(fake: FakeTelegram, url: string, config: string): NodeJS.ProcessEnv {
  const { TELEGRAM_WEBHOOK_SECRET: _none, ...inherited } = process.env;
  return {
    ...inherited, TELEGRAM_BOT_TOKEN: fake.token, TELEGRAM_API_ROOT: fake.apiRoot, DATABASE_URL: url, YIZHAN_CONFIG: config,
    // Every instance registers the load balancer's address; the fake delivers to the instances themselves.
    TELEGRAM_WEBHOOK_URL: `https://bot.campus.example${HOOK_PATH}`,
    YIZHAN_DATA_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'info',
  };
}

/** Starts an instance (its own folder for the files kept beside the database: the NLU model cache) and resolves once it is healthy. */
export async function startBot(env: NodeJS.ProcessEnv): Promise<Bot> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'yizhan-multi-'));
  const child = spawn(process.execPath, ['dist/main.js'], { env: { ...env, YIZHAN_DB: join(dir, 'bot.db'), HEALTH_PORT: String(port) }, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.on('data', (d: Buffer) => stderr.push(d.toString()));
  const exited = new Promise<void>((r) => child.once('close', () => r()));
  const bot = { child, hook: `http://127.0.0.1:${port}${HOOK_PATH}`, stderr, exited };
  const healthy = () => fetch(`http://127.0.0.1:${port}/healthz`).then((r) => r.status === 200, () => false);
  await until(healthy, 30_000, () => stderr.join('').slice(-3000));
  return bot;
}
