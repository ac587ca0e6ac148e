/**
 * A counselling case is not a ticket: open → in contact → closed with a counsellor's private note.
 * It cannot be rejected or rated, is never closed for silence, speaks like a person, and a student
 * writing after it closed starts a new one; a new crisis signal in any state alerts again.
 */
import { describe, expect, it } from 'vitest';
import { at, press, say, simulate } from '../../../test/harness.js';
import { CENTRE, PEOPLE, rows, texts, tmpDb } from './cases.fixtures.js';

const talk = [...PEOPLE, say('li', '/talk 最近和室友闹得很僵，每天都不想回宿舍'), say('xu', '/claim C-1', CENTRE)];

describe('a counselling case', () => {
  it('cannot be rejected or "resolved": the counsellor is told what to do instead, and nothing changes', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...talk, say('xu', '/reject C-1 不属于心理中心', CENTRE), say('xu', '/resolve C-1 已解决')], { dbPath });
    expect(texts(r, CENTRE).at(-1)).toBe('心理个案不能被拒绝：同学会以为没有人管。C-1 会一直开着，直到有老师和同学聊过，用 /close C-1 和一句只有心理中心能看到的备注结束。');
    expect(texts(r, 'private:xu')).toEqual(['心理个案不会“解决”，也不评分、不会因为没人说话而关闭。结束 C-1 请用 /close C-1 和一句只有心理中心能看到的备注。']);
    expect(texts(r, 'private:li').join('\n')).not.toMatch(/不予受理|未被受理|拒绝|工单|评分/);
    expect(rows(dbPath, 'select status from cases')).toEqual([{ status: 'in_contact' }]);
    expect(rows(dbPath, 'select count(*) as n from tickets')).toEqual([{ n: 0 }]);
  });

  it('shares /reject with tickets, which are still rejected with it', async () => {
    const dbPath = tmpDb();
    await simulate([...PEOPLE, say('li', '3号楼502热水器坏了'), press('li', '确认提交'), say('wang', '/reject T-1 重复报修', 'group:staff-logistics')], { dbPath });
    expect(rows(dbPath, 'select status from tickets')).toEqual([{ status: 'rejected' }]);
  });

  // Two months of virtual time: every cron firing on the way runs (about 20 s alone on two cores), so 30 s timed out under load.
  it('is never closed for silence, and never asks for a rating', { timeout: 120_000 }, async () => {
    const dbPath = tmpDb();
    const r = await simulate([...talk, at('2026-04-30T12:00:00+08:00')], { dbPath });
    expect(rows(dbPath, 'select status from cases')).toEqual([{ status: 'in_contact' }]);
    expect(texts(r, 'private:li')).toEqual([
      expect.stringMatching(/^好的。你现在发给我的话，会匿名转给心理中心的老师/),
      '一位心理老师已经在了，接下来会通过我和你聊。',
    ]);
  });

  it('is closed with a private note the student never sees, in kind words', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...talk, say('xu', '/close C-1 已约周四面谈，评估为低风险', CENTRE)], { dbPath });
    expect(texts(r, CENTRE).slice(-2)).toEqual(['C-1 已由 徐老师 结束。', 'C-1 已结束，备注已保存，只有心理中心能看到；同学收到了结束的消息。']);
    expect(texts(r, 'private:li').at(-1)).toBe('老师结束了这次谈话。谢谢你愿意说出来。\n任何时候想再聊，直接给我发消息或发送 /talk；如果感到危险，请拨打 12356 / 110 / 120。');
    expect(texts(r, 'private:li').join('\n')).not.toContain('低风险');
    expect(rows(dbPath, 'select status, closed_by from cases')).toEqual([{ status: 'closed', closed_by: 3 }]);
    expect(rows(dbPath, 'select author, author_id from case_messages order by id')).toEqual([{ author: 'student', author_id: null }, { author: 'note', author_id: 3 }]);
  });

  it('closed, takes what the student writes next as a new case; something clearly new is answered as such', async () => {
    const dbPath = tmpDb();
    const r = await simulate([...talk, say('xu', '/close C-1 已约周四面谈', CENTRE), say('li', '老师，我还是很难受'), say('xu', '/close C-2 转介学院辅导员', CENTRE), say('li', '图书馆几点关门')], { dbPath });
    const li = texts(r, 'private:li');
    expect(li).toContain('上一次的谈话已经结束了，所以我把这条转给了心理老师，开始了一次新的谈话。');
    expect(texts(r, CENTRE)).toContainEqual(expect.stringMatching(/^（接续已结束的 C-1）\n💬 新的匿名倾诉 C-2 · 匿名同学 #[0-9A-F]{4}：\n老师，我还是很难受$/));
    expect(li.at(-2)).toBe('这次谈话已经结束了，刚才这条没有转给老师。');
    expect(li.at(-1)).not.toMatch(/心理老师/); // the question, handled afresh
    expect(rows(dbPath, 'select id, status, previous_id from cases order by id')).toEqual([
      { id: 1, status: 'closed', previous_id: null }, { id: 2, status: 'closed', previous_id: 1 },
    ]);
  });

  it('alerts again at a new crisis signal, whatever its state', async () => {
    const dbPath = tmpDb();
    const r = await simulate([
      ...talk, say('li', '我真的撑不下去了，不想活了'), // in contact: the same case, a new alert
      say('xu', '/close C-1 已联系家长', CENTRE), say('li', '我今晚就想自杀'), // closed: a new case with its alert
    ], { dbPath });
    expect(rows(dbPath, 'select case_id, concern, level from case_alerts order by id')).toEqual([
      { case_id: 1, concern: 'self', level: 'high' }, { case_id: 2, concern: 'self', level: 'high' },
    ]);
    expect(rows(dbPath, 'select id, kind, status from cases order by id')).toEqual([{ id: 1, kind: 'talk', status: 'closed' }, { id: 2, kind: 'crisis', status: 'open' }]);
    expect(texts(r, 'private:xu')).toContainEqual(expect.stringMatching(/^💬 C-1 · 匿名同学 #[0-9A-F]{4}：\n我真的撑不下去了，不想活了$/)); // the counsellor with them hears it
    expect(texts(r, CENTRE).filter((t) => t.startsWith('🚨 危机预警'))).toHaveLength(2);
  });
});
