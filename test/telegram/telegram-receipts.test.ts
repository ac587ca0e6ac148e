/**
 * A relay the platform refused is never reported as delivered (issue 12 point 2), on Telegram
 * through the fake Bot API: staff hear "passed on" only once Telegram accepted their reply to the
 * student, 5xx answers are tried again, and after the last try staff are told, in the chat they
 * used, that it did not arrive — naming the student only by the alias of an anonymous ticket. The
 * same holds the other way, for a student's answer to staff. A crash between Telegram accepting a
 * relay and the outbox marking it (modelled by the database as committed at that moment, opened
 * by a new process) never yields a second "passed on", and does not lose the notice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { copyCommitted, openTestDatabase } from '../pg/app-store.js';
import { afterEach, describe, expect, it } from 'vitest';
import { groupChat, startFakeTelegram, user, type FakeTelegram } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness, type TelegramHarnessOptions } from './harness.js';

const harnesses: TelegramHarness[] = [];
const fakes: FakeTelegram[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const f of fakes) f.releaseHung();
  for (const h of harnesses.splice(0)) await h.stop();
  for (const f of fakes.splice(0)) await f.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const wang = user({ id: 3001, first_name: '老师', last_name: '王', username: 'wang_teacher', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const staffGroup = groupChat({ id: -1009876543210, title: '后勤保障处 · 值班群' });
/** Retries within a test's patience: the outbox waits 30 ms between tries (looked at every 20 ms), the port 1/50 of its waits. */
const FAST: TelegramHarnessOptions = { replyBackoffMs: [30, 30, 30, 30], retrySpeedup: 50, tickMs: 20 };

async function start(opts: TelegramHarnessOptions = {}): Promise<TelegramHarness> {
  const t = await telegramHarness({ admins: [admin.id], ...FAST, ...opts });
  harnesses.push(t);
  return t;
}

async function step(t: TelegramHarness, run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

/** A logistics staff chat with 王老师 in it, and 李华's ticket T-1 (anonymous when asked). */
async function ticket(t: TelegramHarness, anonymous = false): Promise<void> {
  await step(t, () => t.userSends({ from: admin, chat: staffGroup, text: '/bind staff logistics' }));
  await step(t, () => t.userSends({ from: wang, text: '/start' }));
  await step(t, () => t.userSends({ from: admin, text: '/grant staff logistics @wang_teacher' }));
  await step(t, () => t.userSends({ from: lihua, text: '3号楼502热水器坏了' }));
  if (anonymous) await step(t, () => t.press({ from: lihua, label: '改为匿名' }));
  await step(t, () => t.press({ from: lihua, label: '确认提交' }));
}

const isReply = (text: string | undefined) => !!text?.startsWith('【T-1 · 后勤保障处】回复你：');
const refusedTo = (t: TelegramHarness, chatId: number) =>
  t.fake.callsTo('sendMessage').filter((c) => c.status === 500 && String(c.params.chat_id) === String(chatId));

describe('a staff reply relayed to the student', () => {
  it('refused three times with 500, then accepted: delivered once, and staff hear "passed on" once, after it landed', async () => {
    const t = await start();
    await ticket(t);
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 3, fault: { kind: 'serverError', status: 500 } });
    t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上门' });
    const told = await t.waitFor((r) => r.chatId === staffGroup.id && !!r.text?.includes('转达给 T-1'));
    await t.settle();

    const delivered = t.fake.messagesTo(lihua.id).filter((r) => isReply(r.text));
    expect(delivered.map((r) => r.text)).toEqual(['【T-1 · 后勤保障处】回复你：\n明天上门']);
    expect(refusedTo(t, lihua.id)).toHaveLength(3);
    expect(told.seq).toBeGreaterThan(delivered[0]!.seq); // told only after Telegram accepted it
    expect(t.textsTo(staffGroup.id).filter((x) => x.includes('T-1 的'))).toEqual(['已把回复转达给 T-1 的华 李。']);
    expect(t.rows(`select status, attempts from outbox where on_failed = 'tickets.reply'`)).toEqual([{ status: 'sent', attempts: 2 }]);
  });

  it('refused for good: never said to be passed on; after the last try staff are told it did not arrive, naming only the alias', async () => {
    const t = await start();
    await ticket(t, true);
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 1000, fault: { kind: 'serverError', status: 500 } });
    t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上门' });
    const notice = await t.waitFor((r) => r.chatId === staffGroup.id && !!r.text?.includes('没能送到'), 10_000);
    await t.settle();

    expect(notice.text).toMatch(/^你给 T-1 的回复没能送到匿名同学 #\S+ 那里。回复已记在工单里，可以稍后用 \/reply T-1 再发一次。$/u);
    expect(notice.text).not.toMatch(/李|华|lihua|1001|Telegram/);
    expect(t.textsTo(staffGroup.id).filter((x) => x.includes('转达'))).toEqual([]);
    expect(t.fake.messagesTo(lihua.id).filter((r) => isReply(r.text))).toEqual([]);
    expect(refusedTo(t, lihua.id)).toHaveLength(15); // 5 tries of the outbox, each called 3 times by the port
    expect(t.rows(`select status, attempts from outbox where on_failed = 'tickets.reply'`)).toEqual([{ status: 'failed', attempts: 5 }]);
    expect(t.textsTo(staffGroup.id).filter((x) => x.includes('没能送到'))).toHaveLength(1);
  });

  it('that the student cannot be reached by at all: staff are told at once, never that it was passed on', async () => {
    const t = await start();
    await ticket(t);
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 5, fault: { kind: 'blocked' } });
    await step(t, () => t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上门' }));
    await step(t, () => t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 还在吗？' }));
    expect(t.textsTo(staffGroup.id).filter((x) => x.includes('T-1 的'))).toEqual([
      '你给 T-1 的回复没能送到华 李那里。回复已记在工单里，可以稍后用 /reply T-1 再发一次。', // 403: unreachable
      '你给 T-1 的回复没能送到华 李那里。回复已记在工单里，可以稍后用 /reply T-1 再发一次。', // no reachable chat left: told at once
    ]);
  });
});

describe("a student's answer relayed to staff", () => {
  it('is said to be passed on once the staff chat accepted it, and not to have arrived when it never could be', async () => {
    const t = await start();
    await ticket(t);
    await step(t, () => t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上门' }));
    await step(t, () => t.press({ from: lihua, label: '回复 T-1' }));
    await step(t, () => t.userSends({ from: lihua, text: '好的，我下午在' }));
    const relayed = t.fake.messagesTo(staffGroup.id).find((r) => r.text === '💬 T-1 · 华 李 回复：\n好的，我下午在')!;
    const told = t.fake.messagesTo(lihua.id).find((r) => r.text === '已转达给 T-1 的处理老师。')!;
    expect(told.seq).toBeGreaterThan(relayed.seq);

    t.fake.inject({ method: 'sendMessage', chatId: staffGroup.id, times: 1000, fault: { kind: 'serverError', status: 500 } });
    await step(t, () => t.press({ from: lihua, label: '回复 T-1' }));
    t.userSends({ from: lihua, text: '几点来？' });
    await t.waitFor((r) => r.chatId === lihua.id && !!r.text?.includes('没能送到'), 10_000);
    expect(t.textsTo(lihua.id).slice(-1)).toEqual(['你给 T-1 处理老师的消息没能送到，请稍后再发一次。']);
    expect(t.textsTo(lihua.id).filter((x) => x === '已转达给 T-1 的处理老师。')).toHaveLength(1);
  });
});

describe('a crash between Telegram accepting a relay and the outbox marking it', () => {
  /** The bot's database as committed right now (a crash at this moment), copied aside; the fake as it was then. */
  async function crashNow(t: TelegramHarness): Promise<{ db: string; sentBefore: { chatId: number | undefined; text: string | undefined }[] }> {
    const dir = mkdtempSync(join(tmpdir(), 'yizhan-crash-'));
    dirs.push(dir);
    const db = join(dir, 'bot.db');
    await copyCommitted(t.store, t.dbPath, db); // PostgreSQL's under npm run test:pg
    return { db, sentBefore: t.fake.sent.map((r) => ({ chatId: r.chatId, text: r.text })) };
  }

  /** The bot started again on the crashed database, against Telegram (a fresh fake that knows the chats). */
  async function restart(db: string): Promise<TelegramHarness> {
    const fake = await startFakeTelegram({ allowUnknownChats: true, chats: [staffGroup] });
    fakes.push(fake);
    const t = await start({ dbPath: db, reuseFake: fake });
    await t.app.outbox.deliver(); // what the scheduler's start does first
    await t.settle();
    return t;
  }

  it('while the reply was under way: not sent again, never "passed on", and staff are told it may not have arrived', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const t = await start({ reuseFake: fake });
    await ticket(t);
    fake.inject({ method: 'sendMessage', chatId: lihua.id, fault: { kind: 'hangAfterRecord' } });
    t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上门' });
    await t.waitFor((r) => r.chatId === lihua.id && isReply(r.text));
    const crash = await crashNow(t);
    expect(openTestDatabase(crash.db, { readonly: true }).prepare(`select status from outbox where on_failed = 'tickets.reply'`).all()).toEqual([{ status: 'sending' }]);

    const again = await restart(crash.db);
    expect(again.fake.messagesTo(lihua.id)).toEqual([]); // accepted before the crash: not sent blindly again
    expect(again.textsTo(staffGroup.id)).toEqual(['你给 T-1 的回复可能没有送到华 李那里：发送时连接中断，无法确认。需要的话可以用 /reply T-1 再发一次。']);
    expect(crash.sentBefore.filter((r) => r.chatId === staffGroup.id && r.text?.includes('转达'))).toEqual([]);
    expect(again.rows(`select status from outbox where on_failed = 'tickets.reply'`)).toEqual([{ status: 'unknown' }]);
  });

  it('while "passed on" was under way: staff are not told twice', async () => {
    const fake = await startFakeTelegram();
    fakes.push(fake);
    const t = await start({ reuseFake: fake });
    await ticket(t);
    fake.inject({ method: 'sendMessage', chatId: staffGroup.id, fault: { kind: 'hangAfterRecord' } });
    t.userSends({ from: wang, chat: staffGroup, text: '/reply T-1 明天上门' });
    await t.waitFor((r) => r.chatId === staffGroup.id && !!r.text?.includes('转达给 T-1'));
    const crash = await crashNow(t);

    const again = await restart(crash.db);
    expect(crash.sentBefore.filter((r) => r.chatId === lihua.id && isReply(r.text))).toHaveLength(1);
    expect(crash.sentBefore.filter((r) => r.chatId === staffGroup.id && r.text?.includes('转达'))).toHaveLength(1);
    expect(again.fake.sent).toEqual([]); // neither the reply nor "passed on" again
    expect(again.rows(`select status from outbox where on_failed = 'tickets.reply'`)).toEqual([{ status: 'sent' }]);
  });
});
