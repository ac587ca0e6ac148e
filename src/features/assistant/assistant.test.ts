import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openTestDatabase } from '../../../test/pg/app-store.js';
import { describe, expect, it } from 'vitest';
import { person, press, say, simulate, to } from '../../../test/harness.js';

const people = [person('li', '李华', { groups: ['class-2301'] }), person('amy', 'Amy', { locale: 'en' })];

describe('plain messages', () => {
  it('turn a repair in plain words into a prefilled dialogue that only asks to confirm, then a ticket', async () => {
    const dbPath = join(mkdtempSync(join(tmpdir(), 'yizhan-nlu-')), 'y.db');
    const r = await simulate([...people, say('li', '3号楼502热水器坏了，没有热水'), press('li', '确认提交')], { dbPath });
    const li = to(r, 'private:li');
    expect(li[0]).toEqual(expect.objectContaining({
      text: '请确认要提交的内容：\n类型：报修\n类别：设施设备\n位置：3号楼 502\n描述：3号楼502热水器坏了，没有热水\n身份：实名\n负责部门：后勤保障处',
      buttons: [['确认提交', '添加照片', '取消'], ['改为匿名']],
    }));
    expect(li[1]!.text).toMatch(/^已提交！单号 T-1/);
    const row = openTestDatabase(dbPath, { readonly: true }).prepare('select kind, building, room, item from tickets').get();
    expect(row).toEqual({ kind: 'repair', building: '3号楼', room: '502', item: 'water_heater' });
  });

  it('asks only for what is missing: the room of an English repair request', async () => {
    const r = await simulate([...people, say('amy', 'the AC in my dorm is broken'), say('amy', 'Building 7 room 215')]);
    expect(to(r, 'private:amy').map((l) => l.text.split('\n')[0])).toEqual(['Where is it? For a dorm or classroom, the building and room, e.g. Building 7 room 215 or 3号楼502; for a shared space just the place, e.g. the canteen, Building 3 corridor, the east gate', 'Please check what will be sent:']);
  });

  it('leave group chit-chat unanswered', async () => {
    const r = await simulate([...people, ...['今天食堂的红烧肉绝了', '谁有高数作业答案', 'vote for me in the game lol', '我们repair一下关系吧', 'book里第三章看完了吗'].map((t) => say('li', t, 'group:class-2301'))]);
    expect(r.out).toEqual([]);
  });

  it('offer the likely choices as buttons when unsure in private, and continue with the one picked', async () => {
    const r = await simulate([...people, say('li', '宿舍的事'), press('li', '投诉')]);
    const li = to(r, 'private:li');
    expect(li[0]).toMatchObject({ text: '我不太确定你想做什么，是下面哪一个？' });
    expect(li[0]!.buttons!.flat()).toEqual(expect.arrayContaining(['投诉', '都不是']));
    expect(li[1]!.text).toBe('好的，我们来提交一份投诉。请先选择类别：'); // with the message as its description
  });

  it('answer honestly about what is not available yet', async () => {
    const r = await simulate([...people, say('amy', 'can I book a tutor tomorrow at 3pm?'), say('li', '你好'), say('li', '帮我查下T-3的进度')]);
    expect(to(r, 'private:amy')[0]!.text).toBe('Booking is not available here yet. For now, send your question to the right office with /ask and they will answer you.');
    expect(to(r, 'private:li').map((l) => l.text)).toEqual([
      '你好呀 👋 我是「一站」助手。需要报修、反馈、投诉或者咨询，直接告诉我就行；发送 /help 查看全部功能。',
      '找不到工单 T-3，或者你没有权限查看。',
    ]);
  });

  it('answer hyperbole, laughter and a stray tag with a short friendly line, never a menu of ticket kinds', async () => {
    const r = await simulate([...people, ...['累死了', '饿死了', '笑死我了', '<b>x</b>'].map((t) => say('li', t)), say('amy', 'this exam is killing me')]);
    for (const line of r.out) expect(line.buttons ?? []).toEqual([]);
    expect(to(r, 'private:li').map((l) => l.text)).toEqual(Array(4).fill(expect.stringMatching(/🙂|😄/)));
    expect(to(r, 'private:amy')).toHaveLength(1);
    expect(to(r, 'private:amy')[0]!.text).toMatch(/🙂/);
  });

  it('answer laughter with a smile, not with ticket kinds', async () => {
    const r = await simulate([...people, say('li', '哈哈哈哈'), say('amy', 'lol')]);
    expect(r.out.map((l) => [l.to, l.text, l.buttons ?? []])).toEqual([['private:li', '😄 有需要随时告诉我。', []], ['private:amy', '😄 Tell me whenever you need something.', []]]);
  });

  it('answer a thank-you and a plain OK as such, not with the greeting', async () => {
    const r = await simulate([...people, say('li', '好的，谢谢'), say('li', '收到'), say('amy', 'thank you so much'), say('amy', 'ok')]);
    expect(to(r, 'private:li').map((l) => l.text)).toEqual([
      '不客气 😊 还有需要随时找我。想回复工作人员的话，点他们消息下面的「回复」按钮。',
      '👌 有需要随时告诉我。',
    ]);
    expect(to(r, 'private:amy').map((l) => l.text)).toEqual([
      'You\'re welcome 😊 I\'m here whenever you need me. To answer the staff, tap the "Reply" button under their message.',
      '👌 Just tell me whenever you need something.',
    ]);
  });
});
