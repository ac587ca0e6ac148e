import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { ConfigError, departmentByWord, loadConfig, parseConfig } from '../src/config.js';
import { createApp } from '../src/app.js';
import { systemClock } from '../src/core/clock.js';
import { seededRng } from '../src/core/rng.js';
import { closeDb, openDb } from '../src/db/client.js';
import { memoryLogger } from './harness.js';

const run = promisify(execFile);
const demo = () => parse(readFileSync('config/default.yaml', 'utf8')) as Record<string, any>;

function problems(raw: unknown): string[] {
  try {
    parseConfig(raw, 'test.yaml');
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  return [];
}

describe('config', () => {
  it('accepts the demo campus and fills defaults', () => {
    const c = loadConfig('config/default.yaml', {});
    expect(c.campus.timezone).toBe('Asia/Shanghai');
    expect(c.campus.default_locale).toBe('zh-CN');
    expect(c.departments.map((d) => d.id)).toEqual(['student_affairs', 'logistics', 'counselling', 'academic_affairs', 'career', 'youth_league', 'security']);
    expect(c.crisis.resources.map((r) => r.phone)).toEqual(['12356', '110', '120']);
    expect(c.crisis).toMatchObject({ department: 'counselling', safety_department: 'security', duty: { acknowledge_minutes: 5, out_of_hours: 'local:he' } });
    expect(c.tickets.auto_close_hours).toBe(72);
    expect(c.database.path).toBe('./data/yizhan.db');
  });

  it('names the safety department when it does not exist', () => {
    const c = demo();
    c.crisis.safety_department = 'guards';
    expect(problems(c)).toEqual(['crisis.safety_department: unknown department "guards"']);
  });

  it('names the key path of a wrong or missing value', () => {
    const c = demo();
    c.departments[1].sla.first_response_hours = -3;
    delete c.campus.timezone;
    c.departmens = [];
    expect(problems(c)).toEqual(expect.arrayContaining([
      expect.stringMatching(/^departments\.1\.sla\.first_response_hours: must be a positive number of hours/),
      expect.stringMatching(/^campus\.timezone: is missing/),
      '(top level): unknown key "departmens"',
    ]));
  });

  it('reads the old privacy.retention.telegram_inbox_days as inbox_days, with a deprecation line the start logs; both names is an error', () => {
    const c = demo();
    const { inbox_days: _kept, ...retention } = c.privacy.retention;
    c.privacy.retention = { ...retention, telegram_inbox_days: 3 };
    const config = parseConfig(c, 'test.yaml');
    expect(config.privacy.retention.inbox_days).toBe(3);
    expect(config.deprecated).toEqual([expect.stringMatching(/^config: privacy\.retention\.telegram_inbox_days is deprecated, write privacy\.retention\.inbox_days/)]);
    expect(c.privacy.retention).toEqual(expect.objectContaining({ telegram_inbox_days: 3 })); // the caller's object is left as it was
    const lines: Record<string, unknown>[] = [];
    const db = openDb(join(mkdtempSync(join(tmpdir(), 'yizhan-config-')), 'bot.db'));
    createApp({ config, db, clock: systemClock, rng: seededRng(1), log: memoryLogger(lines), ports: new Map() });
    closeDb(db);
    expect(lines.filter((l) => l.level === 40 && /telegram_inbox_days is deprecated/.test(String(l.msg)))).toHaveLength(1);
    expect(parseConfig(demo(), 'test.yaml').deprecated).toBeUndefined();
    c.privacy.retention.inbox_days = 5;
    expect(problems(c)).toEqual(['privacy.retention.telegram_inbox_days: renamed inbox_days; give only privacy.retention.inbox_days']);
  });

  it('bounds the flush at a stop: 10 seconds unless set, a positive number of seconds', () => {
    const c = demo();
    delete c.shutdown;
    expect(parseConfig(c, 'test.yaml').shutdown.flush_seconds).toBe(10);
    expect(parseConfig({ ...c, shutdown: { flush_seconds: 25 } }, 'test.yaml').shutdown.flush_seconds).toBe(25);
    expect(problems({ ...c, shutdown: { flush_seconds: 0 } })).toEqual(['shutdown.flush_seconds: must be a positive number of seconds']);
    expect(problems({ ...c, shutdown: { flush_seconds: '10s' } })).toEqual([expect.stringMatching(/^shutdown\.flush_seconds: .*number/)]);
    expect(problems({ ...c, shutdown: { flush: 10 } })).toEqual(['shutdown: unknown key "flush"']);
  });

  it('checks that every category has exactly one owner and references are real', () => {
    const c = demo();
    c.departments[0].categories.push('facilities');
    c.crisis.department = 'nobody';
    c.campus.timezone = 'Mars/Olympus';
    const p = problems(c);
    expect(p).toContain('departments: category "facilities" must belong to exactly one department (now: student_affairs, logistics)');
    expect(p).toContain('crisis.department: unknown department "nobody"');
    expect(p).toContain('campus.timezone: is not an IANA time zone such as Asia/Shanghai');
  });

  it('reads whom each department may announce to, and names the department and key of an audience that is none', () => {
    expect(loadConfig('config/default.yaml', {}).departments.map((d) => [d.id, d.announce_to])).toEqual([
      ['student_affairs', ['students', 'group:*', 'role:rep']], ['logistics', ['building:*']], ['counselling', ['students']],
      ['academic_affairs', ['students', 'group:*']], ['career', ['students']], ['youth_league', ['students', 'group:*']], ['security', ['all', 'building:*']],
    ]);
    const c = demo();
    delete c.departments[2].announce_to;
    expect(parseConfig(c, 'test.yaml').departments[2]!.announce_to).toEqual([]); // not listed: only its own staff
    c.departments[1].announce_to = ['building:*', 'planet:mars', 'dept:guards', 'role:dean'];
    expect(problems(c)).toEqual([
      expect.stringMatching(/^departments\.1\.announce_to\.1: department "logistics": unknown audience "planet:mars" \(write students, all, building:<name>, building:\*/),
      'departments.1.announce_to.2: department "logistics": unknown department "guards" in "dept:guards"',
      expect.stringMatching(/^departments\.1\.announce_to\.3: department "logistics": unknown audience "role:dean"/),
    ]);
  });

  it('refuses a management chat that is also a staff chat, naming both keys', () => {
    const c = demo();
    c.management_chat = c.departments[1].staff_chat;
    expect(problems(c)).toEqual([
      'management_chat: "staff-logistics" is also departments.1.staff_chat (logistics); the management chat must be a chat of its own',
    ]);
  });

  it('lets the environment of SPEC section 9 override the file', () => {
    const c = loadConfig('config/default.yaml', {
      TELEGRAM_BOT_TOKEN: '123:abc', TELEGRAM_API_ROOT: 'http://127.0.0.1:9999', DISCORD_TOKEN: 'd',
      DISCORD_APPLICATION_ID: '42', DISCORD_API_ROOT: 'http://127.0.0.1:9998/api', DISCORD_GLOBAL_COMMANDS: 'true', YIZHAN_DB: '/tmp/x.db', LOG_LEVEL: 'debug',
    });
    expect(c.telegram).toMatchObject({ token: '123:abc', api_root: 'http://127.0.0.1:9999' });
    expect(c.discord).toEqual({ token: 'd', application_id: '42', api_root: 'http://127.0.0.1:9998/api', global_commands: true });
    expect(c.database.path).toBe('/tmp/x.db');
    expect(c.log_level).toBe('debug');
    expect(problems({ ...demo(), log_level: 'info' })).toEqual([]);
    expect(() => loadConfig('config/default.yaml', { LOG_LEVEL: 'loud' })).toThrow(/log_level/);
  });

  it('reports unreadable files and broken YAML', () => {
    expect(() => loadConfig('nope.yaml', {})).toThrow(/nope\.yaml: invalid configuration\n {2}- cannot read the file \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-cfg-'));
    writeFileSync(join(dir, 'bad.yaml'), 'campus: [unclosed');
    expect(() => loadConfig(join(dir, 'bad.yaml'), {})).toThrow(/is not valid YAML/);
  });

  it('makes the bot (node dist/main.js, what npm start runs) exit non-zero and print the key when the config is wrong', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-cfg-'));
    const c = demo();
    c.campus.default_locale = 'fr';
    writeFileSync(join(dir, 'broken.yaml'), stringify(c));
    const failed = await run(process.execPath, ['dist/main.js'], { env: { ...process.env, YIZHAN_CONFIG: join(dir, 'broken.yaml') } })
      .then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('campus.default_locale:');
  });

  it('without a terminal and without tokens, the bot (node dist/main.js) explains how to configure a token and exits non-zero', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, YIZHAN_DB: join(mkdtempSync(join(tmpdir(), 'yizhan-')), 'y.db') };
    delete env.TELEGRAM_BOT_TOKEN;
    delete env.DISCORD_TOKEN;
    const failed = await run(process.execPath, ['dist/main.js'], { env }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('TELEGRAM_BOT_TOKEN');
    expect(failed?.stderr).toContain('not an interactive terminal');
  });
});

describe('DATABASE_URL', () => {
  it('is read as database.url and must be a postgres:// URL', () => {
    expect(loadConfig('config/default.yaml', { DATABASE_URL: 'postgres://yz:pw@db:5432/campus' }).database.url).toBe('postgres://yz:pw@db:5432/campus');
    expect(() => loadConfig('config/default.yaml', { DATABASE_URL: 'mysql://db/campus' })).toThrow(/database\.url: must be a postgres:/);
  });

  it('without YIZHAN_DATA_KEY, the bot (node dist/main.js) says in both languages that PostgreSQL needs it and exits 1, before reaching the server and without opening SQLite instead', async () => {
    const db = join(mkdtempSync(join(tmpdir(), 'yizhan-')), 'y.db');
    const env: NodeJS.ProcessEnv = { ...process.env, TELEGRAM_BOT_TOKEN: '1:test', TELEGRAM_API_ROOT: 'http://127.0.0.1:9', YIZHAN_DB: db, DATABASE_URL: 'postgres://yz:pw@127.0.0.1:9/campus', YIZHAN_DATA_KEY: '' };
    const failed = await run(process.execPath, ['dist/main.js'], { env }).then(() => undefined, (e: { code: number; stderr: string }) => e);
    expect(failed?.code).toBe(1);
    expect(failed?.stderr).toContain('已设置 DATABASE_URL（PostgreSQL），但没有设置 YIZHAN_DATA_KEY');
    expect(failed?.stderr).toContain('DATABASE_URL is set (PostgreSQL) but YIZHAN_DATA_KEY is not');
    expect(failed?.stderr).toContain('openssl rand -base64 32');
    expect(failed?.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(existsSync(db)).toBe(false);
    expect(existsSync(`${db}.key`)).toBe(false); // no key made up on this machine
  });
});

describe('departments as people type them', () => {
  const config = loadConfig('config/default.yaml', {});
  it.each([
    ['logistics', 'logistics'], ['后勤保障处', 'logistics'], ['Logistics Services', 'logistics'], ['后勤', 'logistics'], ['心理', 'counselling'],
    ['student affairs', 'student_affairs'], ['CAREER', 'career'], ['团委', 'youth_league'],
    ['affairs', undefined], ['中心', undefined], ['处', undefined], ['kitchen', undefined], ['', undefined], ['  ', undefined],
  ])('%j → %j', (word, id) => {
    expect(departmentByWord(config, word)?.id).toBe(id);
  });
});
