/**
 * /mydata: one JSON file with everything stored about the asker, and nothing about anyone else —
 * two students who share a ticket ("me too"), a named survey and a named poll each get only their
 * own part, without staff's internal notes.
 */
import { describe, expect, it } from 'vitest';
import { tempDb } from '../survey-fixtures.js';
import { CLASS, campusWithLi, li, wang, zhang } from './scenario.js';
import type { Campus, Someone } from './campus.js';

const NOTE_WORDS = '说钥匙在宿管';

async function zhangJoins(c: Campus) {
  await c.says(zhang, '/repair 3号楼502 热水器没热水，张伟测宿舍');
  await c.presses(zhang, '加入 T-1');
  await c.presses(zhang, '5');
  await c.says(zhang, `${zhang.name}觉得食堂不错`);
  await c.presses(zhang, '周六', CLASS);
}

async function mydata(c: Campus, who: Someone) {
  await c.says(who, '/mydata');
  const files = c.filesTo(who);
  expect(files.map((f) => [f.name, f.mime])).toEqual([['yizhan-mydata.json', 'application/json']]);
  return { raw: files[0]!.content, data: JSON.parse(files[0]!.content) as Record<string, any> };
}

describe('/mydata', () => {
  it('gives each of two students who share a ticket, a named survey and a named poll only their own data', async () => {
    const c = await campusWithLi(tempDb());
    await zhangJoins(c);
    const a = await mydata(c, li);
    const b = await mydata(c, zhang);

    expect(c.textsTo(li).at(-1)).toMatch(/^📄 这是我保存的关于你的全部数据/);
    expect(a.data.member).toMatchObject({ name: li.name, language: 'zh-CN' });
    expect(a.data.accounts).toEqual([expect.objectContaining({ platform: 'local', platform_user_id: li.id, username: li.username })]);
    expect(a.data.not_in_this_file).toContain('匿名问卷的答案和匿名投票的选择');
    const [ticket] = a.data.tickets.reported;
    expect(ticket).toMatchObject({ ticket: 'T-1', description: '3号楼502 热水器坏了，华华李测的宿舍', photos: 1, status: 'in_progress' });
    expect(ticket.timeline.map((e: { event: string; by: string }) => `${e.event}:${e.by}`)).toEqual(['created:you', 'reply:staff', 'metoo:another student']);
    expect(a.data.surveys.named_answers[0].answers.map((x: { answer: unknown }) => x.answer)).toEqual(['4', `我是${li.name}，食堂的菜不错`]);
    expect(a.data.polls.named_votes).toEqual([expect.objectContaining({ question: '班会时间', chose: ['周五'] })]);
    expect(a.data.account_links).toEqual([expect.objectContaining({ asked_on: 'local', status: 'open' })]);
    expect(a.data.audit_log).toEqual([expect.objectContaining({ action: 'link.code', by: 'you' })]);

    expect(b.data.tickets).toEqual({
      reported: [],
      joined: [expect.objectContaining({ ticket: 'T-1', kind: 'repair', building: '3号楼', room: '502', item: 'water_heater' })],
    });
    expect(b.data.surveys.named_answers[0].answers.map((x: { answer: unknown }) => x.answer)).toEqual(['5', `${zhang.name}觉得食堂不错`]);
    expect(b.data.polls.named_votes).toEqual([expect.objectContaining({ chose: ['周六'] })]);

    for (const other of [zhang.name, zhang.username, zhang.id, '张伟测宿舍', '周六', wang.name]) expect(a.raw, `li's file holds ${other}`).not.toContain(other);
    for (const other of [li.name, li.username, li.id, '热水器坏了', '明天上午来修', '周五', wang.name]) expect(b.raw, `zhang's file holds ${other}`).not.toContain(other);
    for (const raw of [a.raw, b.raw]) expect(raw).not.toContain(NOTE_WORDS);
    await c.stop();
  });

  it('answers privately when asked in a group', async () => {
    const c = await campusWithLi(tempDb());
    await c.says(li, '/mydata', CLASS);
    expect(c.textsTo(CLASS).at(-1)).toBe('这部分内容不适合在本群显示，我已私信回复你。');
    expect(c.filesTo(li)).toHaveLength(1);
    expect(c.seen.filter((m) => m.chatId === CLASS && m.file)).toEqual([]);
    await c.stop();
  });
});
