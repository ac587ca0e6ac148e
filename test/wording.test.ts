/**
 * Wording a student meets (issue 13 point 5): mixed zh/en names keep their space, roles read as
 * roles, a crisis answer in a class group speaks the group's language, commands refuse extra words
 * with their usage, and a ticket that is over shows no due times.
 */
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from './harness.js';

const STAFF = 'group:staff-logistics';
const people = [
  person('li', '李华', { groups: ['class-2301'] }),
  person('amy', 'Amy Chen', { locale: 'en', groups: ['class-2301'] }),
  person('wang', '王老师', { roles: ['staff'], department: 'logistics' }),
];

describe('wording', () => {
  it('keeps a space between a Latin name and Chinese text in what staff read', async () => {
    const r = await simulate([
      ...people, say('amy', 'the water heater in Building 7 room 215 is broken'), press('amy', 'Submit'),
      say('wang', '/claim T-1', STAFF), say('wang', '/resolve T-1 fixed', STAFF), press('amy', 'Not fixed'),
    ]);
    expect(to(r, STAFF).map((l) => l.text)).toContain('🔁 T-1 Amy Chen 反馈问题还没解决，工单已重新打开。');
  });

  it('/whoami says "staff of" a department in English, and lists an admin once', async () => {
    const r = await simulate([
      ...people, person('admin', '管理员', { roles: ['admin'] }), // also an admin in the config (local:admin)
      say('admin', '/grant staff logistics @amy'), say('amy', '/whoami'), say('admin', '/whoami'),
    ]);
    expect(to(r, 'private:amy').at(-1)!.text).toContain('\nRoles: student, staff of Logistics Services\n');
    expect(to(r, 'private:admin').at(-1)!.text).toContain('\n身份：学生、管理员\n');
  });

  it('answers a crisis in a class group in the group\'s language, and the student privately in theirs', async () => {
    const r = await simulate([...people, say('amy', '/start'), say('amy', 'I want to end my life', 'group:class-2301', { mention: true })]);
    expect(to(r, 'group:class-2301').map((l) => l.text)).toEqual([expect.stringMatching(/^如果你或身边的人正处在危险中，请马上拨打：\n.*12356/)]);
    expect(to(r, 'private:amy').at(-1)!.text).toMatch(/12356/);
    expect(to(r, 'private:amy').at(-1)!.text).toMatch(/[A-Za-z]{4}/);
  });

  it('refuses /status and /cancel with words after the ticket id, saying how to use them', async () => {
    const r = await simulate([...people, say('li', '3号楼502热水器坏了'), press('li', '确认提交'), say('li', '/status T-1 extra words'), say('amy', '/cancel T-1 please')]);
    expect(to(r, 'private:li').at(-1)!.text).toBe('用法：/status T-1 查看一张工单（只写工单号）；只发 /status 列出你的全部工单。');
    expect(to(r, 'private:amy').at(-1)!.text).toBe('Usage: /cancel T-1 withdraws a ticket; /cancel alone leaves what you are filling in.');
  });

  it('shows no due times for a withdrawn ticket, on the student\'s status and on the staff card', async () => {
    const r = await simulate([...people, say('li', '3号楼502热水器坏了'), press('li', '确认提交'), say('li', '/cancel T-1'), say('li', '/status T-1')]);
    const status = to(r, 'private:li').at(-1)!.text;
    expect(status).toMatch(/^T-1 · 报修 · 设施设备\n状态：已撤回/);
    expect(status).not.toContain('期限');
    expect(to(r, STAFF).at(-1)).toMatchObject({ edit: true, text: expect.not.stringContaining('首次响应') });
  });
});
