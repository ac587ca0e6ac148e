import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, withJson } from './pg/app-store.js';
import { person, say, simulate, to } from './harness.js';

const lastText = (r: Awaited<ReturnType<typeof simulate>>, chat: string) => to(r, chat).at(-1)?.text;

describe('roles and join codes', () => {
  it('refuses /grant, /revoke and /invite to a student, politely and in their language', async () => {
    const r = await simulate([
      person('alice', '李华'), person('amy', 'Amy', { locale: 'en' }),
      say('alice', '/grant staff logistics @amy'), say('amy', '/invite staff logistics'), say('amy', '/revoke admin @alice'),
    ]);
    expect(r.out.map((l) => l.text)).toEqual([
      '抱歉，/grant 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。',
      'Sorry, /invite is only available to staff or students with the right role. Send /help to see the commands you can use.',
      'Sorry, /revoke is only available to staff or students with the right role. Send /help to see the commands you can use.',
    ]);
  });

  it('lets a join code work exactly once, in private only, and records it in the audit log', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-access-'));
    const dbPath = join(dir, 'y.db');
    const first = await simulate([person('boss', '管理员', { roles: ['admin'] }), say('boss', '/invite staff logistics')], { dbPath });
    const code = /邀请码：([A-Z2-9]{6})/.exec(first.out[0]!.text)![1]!;
    const r = await simulate([
      say('wang', `/join ${code}`, 'group:class-2301'),
      say('wang', `/join ${code.toLowerCase()}`),
      say('wang', '/whoami'),
      say('liu', `/join ${code}`),
      say('liu', '/join'),
    ], { dbPath });
    expect(r.out.map((l) => l.text)).toEqual([
      '/join 涉及个人信息，请在和我的私聊中使用。',
      '欢迎！你现在拥有「后勤保障处 工作人员」身份。发送 /help 查看可用的命令。',
      expect.stringContaining('身份：学生、后勤保障处 工作人员'),
      '这个邀请码无效、已被使用或已过期。请向老师重新索取。',
      '用法：/join 邀请码，例如：/join K7RM2Q',
    ]);
    const audit = openTestDatabase(dbPath).prepare('select action, target from audit_log order by id').all();
    expect(audit).toEqual([{ action: 'code.create', target: `code:${code}` }, { action: 'code.use', target: `code:${code}` }]);
  });

  it('expires join codes', async () => {
    const r = await simulate([
      person('boss', 'B', { roles: ['admin'] }), say('boss', '/invite rep class-2301'),
      { at: '2026-03-10T08:00:01+08:00' },
    ]);
    const code = /邀请码：(\w{6})/.exec(r.out[0]!.text)![1]!;
    const later = await simulate([person('boss', 'B', { roles: ['admin'] }), say('boss', '/invite rep class-2301'), { at: '2026-03-10T08:00:01+08:00' }, say('zhao', `/join ${code}`)]);
    expect(lastText(later, 'private:zhao')).toBe('这个邀请码无效、已被使用或已过期。请向老师重新索取。');
  }, 60_000); // two 8-day jumps run every cron firing (~450 units): ~8 s on SQLite, ~15 s on PostgreSQL alone on two cores; 30 s timed out under load

  it('lets an admin grant and revoke, tells the grantee, and audits both', async () => {
    const r = await simulate([
      person('boss', '管理员', { roles: ['admin'] }), person('wang', '王老师'),
      say('boss', '/grant staff 后勤保障处 @wang'),
      say('boss', '/grant staff logistics @wang'),
      say('wang', '/help'),
      say('boss', '/revoke staff logistics @wang'),
      say('boss', '/revoke staff logistics @wang'),
      say('boss', '/grant wizard logistics @wang'),
      say('boss', '/grant staff kitchen @wang'),
      say('boss', '/grant staff logistics @nobody'),
      say('boss', '/grant staff logistics'),
    ]);
    expect(to(r, 'private:boss').map((l) => l.text)).toEqual([
      '已授予 王老师「后勤保障处 工作人员」身份。',
      '王老师 已经拥有「后勤保障处 工作人员」身份，无需重复授予。',
      '已撤销 王老师 的「后勤保障处 工作人员」身份。',
      '王老师 没有「后勤保障处 工作人员」身份。',
      '没有“wizard”这个身份。可用的身份：staff（工作人员）、lead（负责人）、rep（班级代表）、admin（管理员）。',
      expect.stringMatching(/^没有找到部门“kitchen”。可用的部门：student_affairs（学工处）、logistics（后勤保障处）/),
      '找不到“@nobody”，或者有多位同名用户。请用 @用户名 或成员编号（例如 #12，对方发送 /whoami 可以看到）。',
      expect.stringMatching(/^用法：\/grant 身份 范围 @用户/),
    ]);
    expect(to(r, 'private:wang')[0]!.text).toBe('你已获得「后勤保障处 工作人员」身份。发送 /help 查看你现在可以使用的命令。');
  });

  it('lets a lead grant staff only in their own department', async () => {
    const r = await simulate([
      person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }), person('x', 'X'),
      say('chen', '/grant staff logistics @x'),
      say('chen', '/grant staff career @x'),
      say('chen', '/grant admin @x'),
      say('chen', '/invite rep class-2301'),
    ]);
    expect(r.out.filter((l) => l.to === 'private:chen').map((l) => l.text.split('\n')[0])).toEqual([
      '已授予 X「后勤保障处 工作人员」身份。',
      '你只能为自己负责的部门授予工作人员身份，或为班级授予班级代表身份；其他身份请联系管理员。',
      '你只能为自己负责的部门授予工作人员身份，或为班级授予班级代表身份；其他身份请联系管理员。',
      expect.stringMatching(/^邀请码：/),
    ]);
  });
});

describe('join codes grant only what their creator may still grant', () => {
  const codeOf = (text: string) => /邀请码：([A-Z2-9]{6})/.exec(text)![1]!;
  const people = [person('boss', '管理员', { roles: ['admin'] }), person('chen', '陈主任', { roles: ['lead'], department: 'logistics' })];

  it("a demoted lead's staff code grants nothing: the redeemer is told, no role row, the refusal is audited", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-access-')), 'y.db');
    const first = await simulate([...people, say('chen', '/invite staff logistics')], { dbPath });
    const code = codeOf(first.out[0]!.text);
    const r = await simulate([
      say('boss', '/revoke lead logistics @chen'),
      say('wang', `/join ${code}`),
      say('wang', '/whoami'),
    ], { dbPath });
    expect(to(r, 'private:wang').map((l) => l.text.split('\n')[0])).toEqual([
      '这个邀请码已经失效：生成它的人现在不能再授予「后勤保障处 工作人员」身份。请向老师或管理员重新索取。',
      'wang（成员编号 #3）',
    ]);
    const db = openTestDatabase(dbPath);
    expect(db.prepare(`select role, scope from role_grants join identities i using (member_id) where i.platform_user_id = 'wang'`).all()).toEqual([]);
    expect(db.prepare('select used_by from join_codes where code = ?').get(code)).toEqual({ used_by: null });
    const audit = withJson(db.prepare(`select action, target, detail from audit_log where action like 'code.%' order by id`).all(), 'detail');
    expect(audit).toEqual([
      { action: 'code.create', target: `code:${code}`, detail: { role: 'staff', scope: 'logistics' } },
      { action: 'code.refused', target: `code:${code}`, detail: { role: 'staff', scope: 'logistics', createdBy: 2, reason: 'creator_may_not_grant' } },
    ]);
  });

  it("a lead moved to another department: their old department's code grants nothing, a code they may still grant works", async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-access-')), 'y.db');
    const first = await simulate([...people, say('chen', '/invite staff logistics')], { dbPath });
    const staffCode = codeOf(first.out[0]!.text);
    const r = await simulate([
      say('boss', '/revoke lead logistics @chen'), say('boss', '/grant lead career @chen'),
      say('wang', `/join ${staffCode}`),
    ], { dbPath });
    expect(lastText(r, 'private:wang')).toBe('这个邀请码已经失效：生成它的人现在不能再授予「后勤保障处 工作人员」身份。请向老师或管理员重新索取。');
    const again = await simulate([say('boss', '/grant lead logistics @chen'), say('wang', `/join ${staffCode}`)], { dbPath });
    expect(lastText(again, 'private:wang')).toBe('欢迎！你现在拥有「后勤保障处 工作人员」身份。发送 /help 查看可用的命令。');
  });
});

describe('deep links', () => {
  it('redeem a join code given to /start (t.me/bot?start=CODE)', async () => {
    const code = /邀请码：(\w{6})/.exec((await simulate([person('boss', 'B', { roles: ['admin'] }), say('boss', '/invite staff logistics')])).out[0]!.text)![1]!;
    const r = await simulate([person('boss', 'B', { roles: ['admin'] }), say('boss', '/invite staff logistics'), say('wang', `/start ${code}`)]);
    expect(to(r, 'private:wang').map((l) => l.text.split('\n')[0])).toEqual(['你好，wang！我是「一站」，示范大学一站式学生社区的助手。', '欢迎！你现在拥有「后勤保障处 工作人员」身份。发送 /help 查看可用的命令。']);
  });
});
