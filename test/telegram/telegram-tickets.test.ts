/**
 * The ticket scenario of the tickets issue, on Telegram: a student in a private chat, staff in a
 * bound staff group, every button pressed as a callback query, through the real grammY client,
 * the inbox, the router and SQLite.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness } from './harness.js';

let t: TelegramHarness;
afterEach(async () => {
  await t?.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const zhang = user({ id: 1003, first_name: '伟', last_name: '张', username: 'zhangwei', language_code: 'zh-hans' });
const wang = user({ id: 3001, first_name: '老师', last_name: '王', username: 'wang_teacher', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });

/** Sends, waits until everything was handled. */
async function step(run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

describe('a repair on Telegram', () => {
  it('goes from the student to the bound staff group and back, with the whole public timeline', async () => {
    t = await telegramHarness({ admins: [admin.id] });
    await step(() => t.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' }));
    await step(() => t.userSends({ from: wang, text: '/start' }));
    await step(() => t.userSends({ from: admin, text: '/grant staff logistics @wang_teacher' }));

    await step(() => t.userSends({ from: lihua, text: '/repair' }));
    await step(() => t.press({ from: lihua, label: '设施设备' }));
    await step(() => t.userSends({ from: lihua, text: '3号楼502 热水器坏了，没有热水' }));
    await step(() => t.userSends({ from: lihua, text: '热水器', photo: true }));
    await step(() => t.press({ from: lihua, label: '下一步' }));
    await step(() => t.press({ from: lihua, label: '实名提交' }));
    await step(() => t.press({ from: lihua, label: '确认提交' }));
    expect(t.textsTo(lihua.id).at(-1)).toMatch(/^已提交！单号 T-1，由「后勤保障处」负责。/);

    const card = t.fake.messagesTo(staffGroup.id).find((r) => r.method === 'sendPhoto');
    expect(card?.photo?.fileId).toBe(t.rows<{ ref: string }>('select ref from ticket_photos')[0]!.ref);
    expect(card?.text).toMatch(/^🆕 新工单\nT-1 · 报修 · 设施设备 · 普通\n提交人：华 李\n位置：3号楼 502\n内容：3号楼502 热水器坏了，没有热水\n📷 照片 1 张/);
    expect(card?.replyMarkup).toMatchObject({ inline_keyboard: [[{ text: '认领' }, { text: '回复' }, { text: '转交' }], [{ text: '解决' }, { text: '不予受理' }]] });

    await step(() => t.press({ from: wang, chat: staffGroup, label: '认领' }));
    await step(() => t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上午师傅上门' }));
    await step(() => t.userSends({ from: wang, chat: staffGroup, text: '/note T-1 带上加热棒' }));
    await step(() => t.userSends({ from: wang, chat: staffGroup, text: '/resolve T-1 已更换加热棒' }));
    await step(() => t.press({ from: lihua, label: '已解决' }));
    await step(() => t.press({ from: lihua, label: '5' }));
    await step(() => t.press({ from: lihua, label: '跳过' }));
    await step(() => t.userSends({ from: lihua, text: '/status T-1' }));
    await step(() => t.userSends({ from: zhang, text: '/status T-1' }));

    const student = t.textsTo(lihua.id);
    expect(student).toContain('你的工单 T-1 已由「后勤保障处」工作人员受理，正在处理中。');
    expect(student).toContain('【T-1 · 后勤保障处】回复你：\n明天上午师傅上门');
    expect(student).toContain('你的工单 T-1 已处理：\n已更换加热棒\n\n问题解决了吗？');
    expect(student.at(-1)).toMatch(/^T-1 · 报修 · 设施设备\n状态：已关闭[\s\S]*进度：\n.* 提交\n.* 已受理（工作人员）\n.* 回复：明天上午师傅上门\n.* 已解决：已更换加热棒\n.* 评价 5 分\n.* 已关闭$/);
    expect(student.at(-1)).not.toContain('加热棒\n'.repeat(2));
    expect(student.join('\n')).not.toContain('带上加热棒');
    expect(t.textsTo(zhang.id).at(-1)).toBe('找不到工单 T-1，或者你没有权限查看。');

    const edits = t.fake.sent.filter((r) => r.method.startsWith('edit') && r.chatId === staffGroup.id);
    expect(edits.at(-1)).toMatchObject({ method: 'editMessageCaption', text: expect.stringContaining('状态：已关闭｜处理人：老师 王') });
    const answered = t.fake.sent.filter((r) => r.method === 'answerCallbackQuery').length;
    expect(answered).toBe(8); // every one of the eight button presses got exactly one answer
    expect(t.rows('select status, rating, assignee_id is not null as assigned from tickets')).toEqual([{ status: 'closed', rating: 5, assigned: 1 }]);
  });
});
