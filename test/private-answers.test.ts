/**
 * Private data stays out of groups (issue 11, point 11). A command whose answer shows private data
 * (member numbers, accounts, tickets, figures, codes) declares `answers: 'private'`: asked in a
 * group, the answer goes to the member's private chat and the group hears only that it did. When
 * the bot cannot write to the member privately, the group is told how to start, and nothing runs.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from './pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to, type SimResult } from './harness.js';

const CLASS = 'group:class-2301';
const LOGISTICS = 'group:staff-logistics';
const MANAGEMENT = 'group:management';
const POINTER = '这部分内容不适合在本群显示，我已私信回复你。';
const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('amy', 'Amy Chen', { locale: 'en', groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
  person('chen', '陈主任', { roles: ['lead'], department: 'logistics' }),
  person('boss', '管理员', { roles: ['admin'] }),
];
const heater = [...people, say('li', '/repair 3号楼502 热水器坏了'), press('li', '确认提交')];
const texts = (r: SimResult, chat: string) => to(r, chat).map((l) => l.text);
const tmpDb = () => join(mkdtempSync(join(tmpdir(), 'yizhan-private-')), 'y.db');

describe('answers asked for in a class group', () => {
  it('/whoami, /status, /mytickets: the member number and the ticket go privately', async () => {
    const r = await simulate([...heater, say('li', '/whoami', CLASS), say('li', '/status T-1', CLASS), say('li', '/mytickets', CLASS), say('amy', '/whoami', CLASS)]);
    expect(texts(r, CLASS)).toEqual([POINTER, POINTER, POINTER, "That's not for this group, so I've answered you privately."]);
    expect(texts(r, 'private:li').slice(-3)).toEqual([
      expect.stringMatching(/^李华（成员编号 #1）/), expect.stringMatching(/^T-1 · 报修 · 设施设备\n/), expect.stringMatching(/^你的工单：\nT-1/),
    ]);
    expect(texts(r, 'private:amy')).toEqual([expect.stringMatching(/^Amy Chen \(member #2\)/)]);
  });

  it('the same for a status asked in plain words', async () => {
    const r = await simulate([...heater, say('li', 'T-1 怎么样了', CLASS, { mention: true })]);
    expect(texts(r, CLASS)).toEqual([POINTER]);
    expect(texts(r, 'private:li').at(-1)).toMatch(/^T-1 · 报修 · 设施设备\n状态：待受理/);
  });

  it('/digest: a department\'s figures go privately to its staff', async () => {
    const r = await simulate([...heater, say('wang', '/digest', CLASS), say('boss', '/digest', CLASS)]);
    expect(texts(r, CLASS)).toEqual([POINTER, POINTER]);
    expect(texts(r, 'private:wang').at(-1)).toMatch(/^📊 后勤保障处 日报（/);
    expect(texts(r, 'private:boss').at(-1)).toMatch(/^📊 管理周报（/);
  });

  it('/survey results, export and list: figures and answers go privately to the admin', async () => {
    const r = await simulate([...people, say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'),
      say('boss', '/survey results semester-satisfaction', CLASS), say('boss', '/survey export semester-satisfaction', CLASS), say('boss', '/survey list', CLASS)]);
    expect(texts(r, CLASS)).toEqual([POINTER, POINTER, POINTER]);
    const boss = texts(r, 'private:boss');
    expect(boss.slice(-3).map((t) => t.split('\n')[0])).toEqual([expect.stringContaining('学期满意度调查'), '📎 survey-semester-satisfaction-run1.csv：「学期满意度调查」第 #1 轮，0 份回答（完成 0）。', expect.any(String)]);
    expect(boss.at(-1)).toContain('semester-satisfaction');
  });

  it('/invite: a join code is never posted in a group', async () => {
    const r = await simulate([...people, say('chen', '/invite staff logistics', CLASS)]);
    expect(texts(r, CLASS)).toEqual([POINTER]);
    expect(texts(r, 'private:chen')).toEqual([expect.stringMatching(/邀请码：[A-Z2-9]{6}/)]);
  });

  it('/survey continue brings the waiting question privately', async () => {
    const r = await simulate([...people, say('boss', '/survey send semester-satisfaction'), press('boss', '确认发送'), say('li', '/survey continue', CLASS)]);
    expect(texts(r, CLASS)).toEqual([POINTER]);
    expect(texts(r, 'private:li').at(-1)).toMatch(/^1\/9 /);
  });
});

describe('groups that may read an answer', () => {
  it('a staff chat reads its own department\'s digest, the management chat every department\'s', async () => {
    const r = await simulate([...heater, say('wang', '/digest', LOGISTICS), say('boss', '/digest', LOGISTICS), say('boss', '/digest', MANAGEMENT), say('wang', '/digest', MANAGEMENT)]);
    expect(texts(r, LOGISTICS).slice(-2).map((t) => t.split('（')[0])).toEqual(['📊 后勤保障处 日报', '📊 后勤保障处 日报']);
    expect(texts(r, MANAGEMENT).map((t) => t.split('（')[0])).toEqual(['📊 管理周报', POINTER]);
    expect(texts(r, 'private:wang').at(-1)).toMatch(/^📊 后勤保障处 日报（/);
  });
});

describe('a member the bot cannot write to privately', () => {
  it('is told in the group how to start, and the command does nothing', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...heater, say('zoe', '/start', LOGISTICS), say('boss', '/grant staff logistics @zoe'),
      say('zoe', '/note T-1 zoe 的备注', CLASS), say('zoe', '/whoami', CLASS),
    ], { dbPath });
    const first = '这部分内容不适合在本群显示，我只在私聊里回答。请先私聊我发一条消息（例如 /start），再试一次。';
    expect(texts(r, CLASS)).toEqual([first, first]);
    expect(r.out.filter((l) => l.text.includes('zoe 的备注') || l.text.includes('成员编号'))).toEqual([]);
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare("select count(*) from ticket_events where type = 'note'").pluck().get()).toBe(0);
  });
});

describe('a lead assigning a ticket', () => {
  it('can name only members of the department: any other number gets the answer an unknown one gets', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...heater, say('chen', '/assign T-1 #1'), say('chen', '/assign T-1 #999'), say('chen', '/assign T-1 @li'), say('chen', '/assign T-1 @wang')], { dbPath });
    const [li, nobody, byName, wang] = texts(r, 'private:chen');
    expect(li).toBe('「后勤保障处」没有“#1”这位工作人员。工单只能分派给本部门的成员（@用户名 或成员编号）。');
    expect(nobody).toBe(li!.replace('#1', '#999'));
    expect(byName).toBe(li!.replace('#1', '@li'));
    expect(wang).toBe('T-1 已分派给 王老师。');
    expect(texts(r, 'private:chen').join('\n')).not.toMatch(/李华/);
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select assignee_id from tickets').pluck().get()).toBe(3);
    expect(db.prepare("select count(*) from ticket_events where type = 'assigned'").pluck().get()).toBe(1);
  });
});

describe('a lead granting and revoking roles', () => {
  it('can name by number only the staff of the departments they lead: any other number gets the answer an unknown one gets', async () => {
    const dbPath = tmpDb();
    const zoe = person('zoe', '赵老师', { roles: ['staff'], department: 'student_affairs' }); // #6
    const r = await simulate([
      ...people, zoe,
      say('chen', '/grant rep class-2301 #1'), say('chen', '/grant rep class-2301 #999'),
      say('chen', '/revoke staff logistics #6'), say('chen', '/revoke staff logistics #998'),
      say('chen', '/grant admin #5'), say('chen', '/grant admin #997'),
      say('chen', '/revoke staff logistics #3'), say('boss', '/grant rep class-2301 #1'),
    ], { dbPath });
    const chen = texts(r, 'private:chen');
    const unknown = (who: string) => `找不到“${who}”，或者有多位同名用户。请用 @用户名 或成员编号（例如 #12，对方发送 /whoami 可以看到）。`;
    expect(chen).toEqual([unknown('#1'), unknown('#999'), unknown('#6'), unknown('#998'), unknown('#5'), unknown('#997'), expect.stringContaining('王老师')]);
    expect(chen.join('\n')).not.toMatch(/李华|赵老师|管理员/);
    expect(texts(r, 'private:boss').at(-1)).toContain('李华'); // an admin may name anyone
    const db = openTestDatabase(dbPath, { readonly: true });
    expect(db.prepare('select member_id, role, scope from role_grants order by member_id, role').all()).toEqual([
      { member_id: 1, role: 'rep', scope: 'class-2301' }, { member_id: 4, role: 'lead', scope: 'logistics' },
      { member_id: 5, role: 'admin', scope: '*' }, { member_id: 6, role: 'staff', scope: 'student_affairs' },
    ]);
  });
});

describe('/help in a group', () => {
  it('lists the chat\'s commands, the same whoever asks: the group never learns that the asker is staff or an admin', async () => {
    const r = await simulate([
      ...people,
      say('li', '/help', CLASS), say('wang', '/help', CLASS), say('boss', '/help', CLASS),
      say('wang', '/help', LOGISTICS), say('chen', '/help', LOGISTICS), say('boss', '/help', LOGISTICS),
      say('boss', '/help'),
    ]);
    const [student, staff, admin] = texts(r, CLASS);
    expect([staff, admin]).toEqual([student, student]);
    expect(student).toContain('\n本群的工作命令（有相应身份的人可用）：\n'); // a class group's: a rep's, whoever asks
    expect(student).not.toMatch(/\/claim|\/grant|\/queue|工作相关/);
    expect(student!.split('\n').at(-1)).toBe('这里列的是本群可用的命令；你自己能用的全部命令，请私聊我发送 /help 查看。');
    const [plain, lead, boss] = texts(r, LOGISTICS);
    expect([lead, boss]).toEqual([plain, plain]);
    expect(plain).toMatch(/\n\/claim — /);
    expect(plain).not.toMatch(/\/assign|\/grant|\/bind/);
    expect(texts(r, 'private:boss').at(-1)).toMatch(/\n\/grant — [^]*\n\/bind — /); // privately: the admin's own
  });
});
