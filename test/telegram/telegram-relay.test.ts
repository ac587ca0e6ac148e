/**
 * Relayed texts on Telegram are cut to one message with "…" (the port declares 4,096 characters
 * for a text), instead of arriving split in two; the ticket keeps the whole text.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const wang = user({ id: 3001, first_name: '老师', last_name: '王', username: 'wang_teacher', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });

async function step(run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

describe('a relayed text longer than one Telegram message', () => {
  it('reaches the student and the staff chat as one message ending in "…", with its button, and is kept whole', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    await step(() => t.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' }));
    await step(() => t.userSends({ from: wang, text: '/start' }));
    await step(() => t.userSends({ from: admin, text: '/grant staff logistics @wang_teacher' }));
    await step(() => t.userSends({ from: lihua, text: '3号楼502热水器坏了' }));
    await step(() => t.press({ from: lihua, label: '确认提交' }));

    const reply = '师'.repeat(4085); // with "/reply T-1 " the longest message Telegram takes
    await step(() => t.userSends({ from: wang, chat: staffGroup, text: `/reply T-1 ${reply}` }));
    const toStudent = t.fake.messagesTo(lihua.id).at(-1)!;
    expect(toStudent.text).toMatch(/^【T-1 · 后勤保障处】回复你：\n师+…$/u);
    expect(toStudent.text).toHaveLength(4096);
    expect(toStudent.replyMarkup).toMatchObject({ inline_keyboard: [[{ text: '回复 T-1' }]] });
    expect(t.textsTo(lihua.id).filter((x) => x.startsWith('师'))).toEqual([]); // no second part

    await step(() => t.press({ from: lihua, label: '回复 T-1' }));
    await step(() => t.userSends({ from: lihua, text: '好'.repeat(4096) }));
    const toStaff = t.textsTo(staffGroup.id).at(-1)!;
    expect(toStaff).toMatch(/^💬 T-1 · 华 李 回复：\n好+…$/u);
    expect(toStaff).toHaveLength(4096);

    expect(t.rows("select type, length(text) as n from ticket_events where type in ('reply', 'student_reply') order by id")).toEqual([
      { type: 'reply', n: 4085 }, { type: 'student_reply', n: 4096 },
    ]);
  });
});
