/**
 * What a group is for (/bind, /unbind). A department's staff chat and the management chat are
 * changed only by an admin; a class group by an admin or a rep of that class (issue 11, point 5).
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase, withJson } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { at, person, press, say, simulate, to } from '../../../test/harness.js';

const LOGISTICS = 'group:staff-logistics';
const MANAGEMENT = 'group:management';
const CLASS = 'group:class-2301';
const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('zhao', '赵班长', { roles: ['rep'], groups: ['class-2301'], rep_of: ['class-2301'] }),
  person('qian', '钱班长', { roles: ['rep'], groups: ['class-2302'], rep_of: ['class-2302'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
  person('boss', '管理员', { roles: ['admin'] }),
];
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-chats-')), 'y.db');
const bindings = (dbPath: string) => openTestDatabase(dbPath, { readonly: true })
  .prepare("select platform_chat_id as chat, binding, scope from chats where kind = 'group' order by platform_chat_id").all();
const audit = (dbPath: string) => withJson(openTestDatabase(dbPath, { readonly: true }).prepare("select action, target, detail from audit_log where action like 'chat.%' order by id").all(), 'detail');
const repair = (who: string) => [say(who, '/repair 5号楼101 灯坏了'), press(who, '确认提交')];

describe('staff chats and the management chat', () => {
  it('cannot be taken over by a class rep: /bind and /unbind are refused and cards and digests still arrive there', async () => {
    const dbPath = tmpDb();
    const before = await simulate([...people, say('li', '/start', CLASS)], { dbPath });
    expect(before.err).toEqual([]);
    const initial = bindings(dbPath);
    const r = await simulate([
      say('zhao', '/bind class class-2301', LOGISTICS), say('zhao', '/unbind', LOGISTICS),
      say('zhao', '/bind class class-2301', MANAGEMENT), say('zhao', '/unbind', MANAGEMENT),
      ...repair('li'), at('2026-03-09T09:00:00+08:00'),
    ], { dbPath });
    const refusal = '本群是部门工作群或管理层群，只有管理员可以更改或解除它的绑定。';
    expect(to(r, LOGISTICS).slice(0, 2).map((l) => l.text)).toEqual([refusal, refusal]);
    expect(to(r, MANAGEMENT).slice(0, 2).map((l) => l.text)).toEqual([refusal, refusal]);
    expect(bindings(dbPath)).toEqual(initial);
    expect(initial).toContainEqual({ chat: LOGISTICS, binding: 'staff', scope: 'logistics' });
    expect(audit(dbPath)).toEqual([]);
    expect(to(r, LOGISTICS)[2]!.text).toMatch(/^🆕 新工单\nT-1/);
    expect(to(r, 'private:wang')).toEqual([]);
    expect(to(r, MANAGEMENT).map((l) => l.text)).toContainEqual(expect.stringMatching(/^📊 管理周报/));
  });

  it('refuses in English too', async () => {
    const r = await simulate([...people, person('amy', 'Amy', { locale: 'en', roles: ['rep'], rep_of: ['class-2301'] }), say('amy', '/unbind', LOGISTICS)]);
    expect(to(r, LOGISTICS).at(-1)!.text).toBe("This group is a department's staff chat or the management chat; only an admin can change or remove its binding.");
  });

  it('are changed by an admin, and the change is audited', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...people, say('boss', '/bind staff 学工处', LOGISTICS), say('boss', '/unbind', MANAGEMENT)], { dbPath });
    expect(to(r, LOGISTICS).at(-1)!.text).toBe('本群已设为「学工处」的工作群。该部门的新工单会发到这里。');
    expect(to(r, MANAGEMENT).at(-1)!.text).toBe('本群已解除绑定。');
    expect(bindings(dbPath)).toEqual(expect.arrayContaining([
      { chat: LOGISTICS, binding: 'staff', scope: 'student_affairs' }, { chat: MANAGEMENT, binding: null, scope: null },
    ]));
    expect(audit(dbPath)).toEqual([
      { action: 'chat.bind', target: `local:${LOGISTICS}`, detail: { binding: 'staff', scope: 'student_affairs' } },
      { action: 'chat.unbind', target: `local:${MANAGEMENT}`, detail: { binding: null, scope: null } },
    ]);
  });

  it('are not bound by leads or staff, who do not hold /bind', async () => {
    const r = await simulate([...people, say('chen', '/bind staff logistics', 'group:new-team'), say('wang', '/unbind', LOGISTICS)]);
    expect(r.out.map((l) => l.text)).toEqual([
      '抱歉，/bind 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。',
      '抱歉，/unbind 只对有相应权限的老师或同学开放。发送 /help 查看你可以用的命令。',
    ]);
  });
});

describe('class groups', () => {
  it('are changed by a rep of that class, not by a rep of another class', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...people,
      say('qian', '/bind class class-2302', CLASS), say('qian', '/unbind', CLASS),
      say('zhao', '/unbind', CLASS), say('zhao', '/bind class class-2301', CLASS),
    ], { dbPath });
    expect(to(r, CLASS).map((l) => l.text)).toEqual([
      '本群已登记为班级群 class-2301，只有该班的班级代表或管理员可以更改或解除。',
      '本群已登记为班级群 class-2301，只有该班的班级代表或管理员可以更改或解除。',
      '本群已解除绑定。',
      '本群已登记为班级群 class-2301。',
    ]);
    expect(bindings(dbPath)).toContainEqual({ chat: CLASS, binding: 'class', scope: 'class-2301' });
    expect(audit(dbPath).map((a) => (a as { action: string }).action)).toEqual(['chat.unbind', 'chat.bind']);
  });

  it('are registered by a rep only for their own class', async () => {
    const r = await simulate([...people, say('zhao', '/unbind', CLASS), say('qian', '/bind class class-2301', CLASS)]);
    expect(to(r, CLASS).at(-1)!.text).toBe('只有 class-2301 的班级代表或管理员可以登记这个班级群。');
  });
});

describe('the repro script R7-rep-rebind', () => {
  it('leaves every binding as it was and the new ticket reaches the logistics staff chat', async () => {
    const dbPath = tmpDb();
    const r = await simulate(readFileSync('test/fixtures/repro/R7-rep-rebind.jsonl', 'utf8').split('\n'), { dbPath });
    expect(bindings(dbPath)).toEqual(expect.arrayContaining([
      { chat: LOGISTICS, binding: 'staff', scope: 'logistics' }, { chat: MANAGEMENT, binding: 'management', scope: null },
    ]));
    expect(audit(dbPath)).toEqual([]);
    expect(to(r, LOGISTICS).at(-1)!.text).toMatch(/^🆕 新工单\nT-1/);
  });
});
