import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../src/app.js';
import { createConsoleSession } from '../src/adapters/console/console-session.js';
import { createLocalPort, LOCAL_BOT_USERNAME } from '../src/adapters/local/local-port.js';
import { ShiftedClock } from '../src/core/clock.js';
import { seededRng } from '../src/core/rng.js';
import type { Config } from '../src/config.js';
import { DataKeyMissingError } from '../src/db/data-keys.js';
import { memoryLogger, testConfig } from './harness.js';
import { freshPgDatabase } from './pg/db.js';
import { onPgStore, openTestStore, pgDatabaseFor, rowsOf } from './pg/app-store.js';

const DATA_KEY = randomBytes(32).toString('base64');

/** A Wednesday, 10:00 on campus (Asia/Shanghai): outside quiet hours, whenever the tests run. */
const WEDNESDAY_10AM = new Date('2026-03-04T02:00:00Z');

async function consoleChat(start = WEDNESDAY_10AM) {
  const config = testConfig();
  const printed: string[] = [];
  const clock = new ShiftedClock(start);
  const path = join(mkdtempSync(join(tmpdir(), 'yizhan-console-')), 'y.db');
  const store = await openTestStore(path); // PostgreSQL under npm run test:pg
  const rows = rowsOf(store, path);
  let session: ReturnType<typeof createConsoleSession> | undefined;
  const port = createLocalPort((m, edit) => session?.render(m, edit));
  const app = createApp({ config, db: store.db, store, clock, rng: seededRng(7), log: memoryLogger([]), ports: new Map([['local', port]]), botUsername: () => LOCAL_BOT_USERNAME });
  await app.chats.seedLocal(clock.now());
  for (const p of config.demo_people) await app.members.declare(p, clock.now());
  session = createConsoleSession({ app, port, config, clock, print: (t) => printed.push(t) });
  const type = async (...lines: string[]) => {
    printed.length = 0;
    for (const l of lines) await session!.handleLine(l);
    return printed.join('\n');
  };
  return { type, session, clock, app, rows };
}

describe('console chat', () => {
  it('starts as the first demo student, shows buttons as numbered choices and presses them', async () => {
    const { type, session } = await consoleChat();
    expect(session.prompt()).toBe('li@private › ');
    expect(await type('/lang')).toBe('🤖 当前语言：简体中文。请选择：\n   [1] 中文   [2] English');
    expect(await type(':2')).toBe("🤖 OK, I'll talk to you in English from now on.");
    expect(await type(':press 中文')).toBe('🤖 好的，以后我会用简体中文和你交流。');
    expect(await type(':7')).toBe('最近的消息里没有“7”这个按钮。');
  });

  it('takes a bare number as a button press only while the latest message offers that many buttons', async () => {
    const { type } = await consoleChat();
    await type('/lang');
    expect(await type('2')).toBe("🤖 OK, I'll talk to you in English from now on.");
    await type('/whoami');
    expect(await type('2')).toBe('这里最新的消息没有第 2 个按钮，所以没有发送。要把“2”当作消息发出去，输入 :say 2；要按之前某条消息上的按钮，输入 :2。');
    await type('/lang');
    expect(await type('3')).toMatch(/^这里最新的消息没有第 3 个按钮，所以没有发送。/); // two buttons only: asked, not sent
    expect(await type(':say 3')).toMatch(/^🤖 /); // sent as typed
    await type('/lang');
    expect(await type('1')).toBe('🤖 好的，以后我会用简体中文和你交流。');
  });

  it('shows the buttons of messages to other chats, and they press there', async () => {
    const { type } = await consoleChat();
    const out = await type('3号楼502热水器坏了', '1');
    expect(out).toContain('📨 group:staff-logistics: 🆕 新工单\n   T-1 · 报修');
    expect(out).toMatch(/^ {3}\[1\] 认领/m);
    expect(await type(':as wang', ':in group:staff-logistics', '1')).toContain('你已认领 T-1。');
  });

  it('switches people and chats with meta commands that cannot be confused with bot commands', async () => {
    const { type, session } = await consoleChat();
    expect(await type(':as wang')).toBe('现在你是 王老师（wang，staff logistics），在 private:wang。');
    expect(await type(':in group:staff-logistics')).toContain('在 group:staff-logistics');
    expect(session.prompt()).toBe('wang@group:staff-logistics › ');
    expect(await type('大家好')).toBe(''); // ambient in a group: the bot stays silent
    expect(await type(':mention 在吗')).toMatch(/^🤖 你好呀/);
    expect(await type(':in class-2301', ':as admin', ':in private', '/grant staff logistics @amy')).toContain('📨 private:amy: You have a new role: staff of Logistics Services.');
    expect(await type(':frobnicate')).toBe('不认识控制台命令 :frobnicate，输入 :help 查看。');
    expect(await type(':in nowhere!')).toBe('聊天的写法：private 或 group:<名称>，例如 group:class-2301');
    expect(await type(':as newbie')).toContain('newbie 是新用户');
  });

  it('moves time forward with :skip and refuses bad durations', async () => {
    const { type, clock } = await consoleChat();
    const before = clock.now().getTime();
    expect(await type(':skip 3d')).toMatch(/^时间快进到 \d+月\d+日 \d\d:\d\d。$/);
    expect(clock.now().getTime() - before).toBeGreaterThanOrEqual(3 * 86_400_000);
    expect(await type(':skip soon')).toBe('时长的写法：30m、2h、3d、1w');
    expect(await type(':quit')).toBe('再见！数据已保存在数据库里，下次启动还在。');
  });
});

describe('console: who and where you are', () => {
  it(':as someone not in the current group puts you in their private chat, and says so', async () => {
    const { type, session } = await consoleChat();
    await type(':as wang', ':in group:staff-logistics');
    expect(await type(':as li')).toBe('现在你是 李华（li，student），在 private:li。\n（li 不在 group:staff-logistics 里，所以切到了 li 的私聊。）');
    expect(session.prompt()).toBe('li@private › ');
    await type(':in class-2301');
    expect(await type(':as amy')).toBe('You are now Amy Chen (amy, student) in group:class-2301.'); // amy is in that class group: it stays
  });

  it('a bare number with no button on screen is not relayed to the staff as "1"', async () => {
    const { type, rows } = await consoleChat();
    await type('3号楼502热水器坏了', '1', ':as wang', '/reply T-1 师傅几点上门方便？', ':as li', '1');
    const out = await type('1'); // "type your answer to the staff": no buttons on screen
    expect(out).toBe('这里最新的消息没有第 1 个按钮，所以没有发送。要把“1”当作消息发出去，输入 :say 1；要按之前某条消息上的按钮，输入 :1。');
    const relayed = () => rows<{ text: string }>(`select text from ticket_events where type = 'student_reply'`).map((r) => r.text);
    expect(relayed()).toEqual([]);
    expect(await type(':say 1')).toContain('已转达给 T-1 的处理老师。');
    expect(relayed()).toEqual(['1']);
  });
});

describe('console time travel', () => {
  const DIGEST = /📨 group:staff-logistics: 📊 后勤保障处 日报/g;
  type Rows = Awaited<ReturnType<typeof consoleChat>>['rows'];
  const digestRows = (rows: Rows) =>
    rows<{ status: string }>(`select status from outbox where kind = 'digest.daily' and scope = 'logistics'`).map((r) => r.status);
  const dailyFirings = (rows: Rows) => rows<{ n: number }>(`select count(*) as n from cron_firings where job = 'digests.daily'`)[0]!.n;

  it('runs the cron jobs missed during a :skip once', async () => {
    const { type, app, rows } = await consoleChat(); // Wednesday 10:00
    await app.scheduler.runMissed(); // as at start: notes when each job last ran
    await type('3号楼502热水器坏了', ':1');
    const out = await type(':skip 1d'); // Thursday 10:00: the daily digest of 08:30 was missed
    expect(out.match(DIGEST)).toHaveLength(1);
    expect(await type(':skip 1m')).not.toMatch(DIGEST);
    expect(digestRows(rows)).toEqual(['sent']);
    expect(dailyFirings(rows)).toBe(1);
  });

  it('holds a missed digest a :skip lands in quiet hours until they end, then sends it once', async () => {
    const { type, app, rows } = await consoleChat(new Date('2026-03-04T15:00:00Z')); // Wednesday 23:00
    await app.scheduler.runMissed();
    await type('3号楼502热水器坏了', ':1');
    expect(await type(':skip 1d')).not.toMatch(DIGEST); // Thursday 23:00: queued, held until 07:30
    expect(digestRows(rows)).toEqual(['pending']);
    expect((await type(':skip 9h')).match(DIGEST)).toHaveLength(1); // Friday 08:00
    expect(digestRows(rows)).toEqual(['sent']);
    expect(dailyFirings(rows)).toBe(1);
  });
});

describe('the console on its streams', () => {
  it('answers every line typed while it was still starting, in order (none is lost)', async () => {
    const { runConsole } = await import('../src/adapters/console/console.js');
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-console-run-'));
    const base = testConfig();
    const path = join(dir, 'y.db');
    const config = { ...base, database: { ...base.database, path, ...(onPgStore ? { url: await pgDatabaseFor(path) } : {}) } };
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (b: Buffer) => (shown += b.toString()));
    input.write('/lang en\n/whoami\n:quit\n'); // typed before the console had read a line
    await runConsole(config, { input, output }, { YIZHAN_DATA_KEY: DATA_KEY });
    const answers = ["🤖 OK, I'll talk to you in English from now on.", '🤖 李华 (member #1)', '再见！'].map((a) => shown.indexOf(a));
    expect(answers.every((at) => at >= 0)).toBe(true);
    expect(answers).toEqual([...answers].sort((a, b) => a - b));
  });
});

describe('the console on PostgreSQL (DATABASE_URL)', () => {
  /** Runs the console on `lines` (each session ends with :quit) and returns what it showed. */
  async function session(config: Config, lines: string, env: NodeJS.ProcessEnv): Promise<string> {
    const { runConsole } = await import('../src/adapters/console/console.js');
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = '';
    output.on('data', (b: Buffer) => (shown += b.toString()));
    input.write(`${lines}\n:quit\n`);
    await runConsole(config, { input, output }, env);
    return shown;
  }

  it('runs on the database, says which (never the password), and remembers across a restart', async () => {
    const url = await freshPgDatabase();
    const base = testConfig();
    const config = { ...base, database: { path: join(mkdtempSync(join(tmpdir(), 'yizhan-console-pg-')), 'y.db'), url } };
    const first = await session(config, '/lang en', { YIZHAN_DATA_KEY: DATA_KEY });
    const where = new URL(url);
    expect(first).toContain(`PostgreSQL ${where.username}@${where.hostname}:${where.port}${where.pathname}`);
    expect(first).not.toContain(where.password);
    expect(first).toContain("🤖 OK, I'll talk to you in English from now on.");
    const second = await session(config, '/whoami', { YIZHAN_DATA_KEY: DATA_KEY });
    expect(second).toContain('🤖 李华 (member #1)'); // English: the first session's choice is in the database
    expect(existsSync(config.database.path)).toBe(false); // no SQLite file beside it
  });

  it('without YIZHAN_DATA_KEY refuses to start (several instances must share the key)', async () => {
    const base = testConfig();
    const config = { ...base, database: { path: join(mkdtempSync(join(tmpdir(), 'yizhan-console-pg-')), 'y.db'), url: 'postgres://yz:pw@127.0.0.1:9/campus' } };
    await expect(session(config, '/whoami', {})).rejects.toThrow(DataKeyMissingError);
  });
});
