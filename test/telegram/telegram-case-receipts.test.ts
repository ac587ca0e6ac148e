/**
 * A relay in a counselling case is reported only once Telegram accepted it (issue 12 point 2), as
 * for tickets (telegram-receipts.test.ts): a counsellor hears "passed on" only after the student's
 * chat took their words, and is told, naming the student only by the case's alias, when it never
 * did; the student writing into their case hears "passed on" once a counsellor's chat took it, or
 * that it did not arrive. A relay to several counsellors is told of once, although its rows leave
 * the outbox as soon as they are final.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { groupChat, user } from '../fakes/telegram-api.js';
import { telegramHarness, type TelegramHarness, type TelegramHarnessOptions } from './harness.js';

const harnesses: TelegramHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0)) await h.stop();
});

const lihua = user({ id: 1001, first_name: '华', last_name: '李', username: 'lihua', language_code: 'zh-hans' });
const xu = user({ id: 3003, first_name: '老师', last_name: '徐', username: 'xu_counsellor', language_code: 'zh-hans' });
const zhao = user({ id: 3004, first_name: '老师', last_name: '赵', username: 'zhao_counsellor', language_code: 'zh-hans' });
const admin = user({ id: 2001, first_name: '管理员', username: 'campus_admin', language_code: 'zh-hans' });
const counselling = groupChat({ id: -1005550001, title: '心理中心 · 值班群' });
/** Retries within a test's patience: the outbox waits 30 ms between tries (looked at every 20 ms), the port 1/50 of its waits. */
const FAST: TelegramHarnessOptions = { replyBackoffMs: [30, 30, 30, 30], retrySpeedup: 50, tickMs: 20 };
const PASSED_ON = '已转达给心理老师。';
const isReply = (text: string | undefined) => !!text?.startsWith('💬 一位心理老师：');
const receipts = (t: TelegramHarness, hook: string) =>
  t.rows(`select count(*) as n from outbox where (meta ->> 'receiptOf') like '${hook}:%'`);

async function start(): Promise<TelegramHarness> {
  const t = await telegramHarness({ admins: [admin.id], ...FAST });
  harnesses.push(t);
  return t;
}

async function step(t: TelegramHarness, run: () => unknown): Promise<void> {
  run();
  await t.settle();
}

/** Counsellors 徐 (and 赵), the counselling chat bound unless `bound` is false, and 李华's anonymous case C-1, which 徐 took. */
async function talkCase(t: TelegramHarness, bound = true): Promise<void> {
  if (bound) await step(t, () => t.userSends({ from: admin, chat: counselling, text: '/bind staff counselling' }));
  for (const c of [xu, zhao]) {
    await step(t, () => t.userSends({ from: c, text: '/start' }));
    await step(t, () => t.userSends({ from: admin, text: `/grant staff counselling @${c.username}` }));
  }
  await step(t, () => t.userSends({ from: lihua, text: '/talk 最近总是睡不好，想找人说说' }));
}

describe("a counsellor's words relayed to the student", () => {
  it('refused three times with 500, then accepted: delivered once, and "passed on" once, after it landed', async () => {
    const t = await start();
    await talkCase(t);
    await step(t, () => t.userSends({ from: xu, chat: counselling, text: '/claim C-1' }));
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 3, fault: { kind: 'serverError', status: 500 } });
    t.userSends({ from: xu, chat: counselling, text: '/reply C-1 我在，愿意多说说吗？' });
    const told = await t.waitFor((r) => r.chatId === counselling.id && !!r.text?.includes('转达给 C-1'));
    await t.settle();

    const delivered = t.fake.messagesTo(lihua.id).filter((r) => isReply(r.text));
    expect(delivered.map((r) => r.text)).toEqual(['💬 一位心理老师：\n我在，愿意多说说吗？']);
    expect(told.seq).toBeGreaterThan(delivered[0]!.seq); // told only after Telegram accepted it
    expect(t.textsTo(counselling.id).filter((x) => x.includes('转达给 C-1'))).toEqual([expect.stringMatching(/^已转达给 C-1 的匿名同学 #[0-9A-F]{4}。$/)]);
    expect(receipts(t, 'cases.reply')).toEqual([{ n: 1 }]);
  });

  it('refused for good: never said to be passed on; the counsellor is told it did not arrive, naming only the alias', async () => {
    const t = await start();
    await talkCase(t);
    await step(t, () => t.userSends({ from: xu, chat: counselling, text: '/claim C-1' }));
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 1000, fault: { kind: 'serverError', status: 500 } });
    t.userSends({ from: xu, chat: counselling, text: '/reply C-1 我在，愿意多说说吗？' });
    const notice = await t.waitFor((r) => r.chatId === counselling.id && !!r.text?.includes('没能送到'), 10_000);
    await t.settle();

    expect(notice.text).toMatch(/^你给 C-1 的话没能送到匿名同学 #[0-9A-F]{4} 那里。内容已记在个案里，可以稍后用 \/reply C-1 再发一次。$/u);
    expect(notice.text).not.toMatch(/李|华|lihua|1001|Telegram/);
    expect(t.textsTo(counselling.id).filter((x) => x.includes('转达给 C-1'))).toEqual([]);
    expect(t.fake.messagesTo(lihua.id).filter((r) => isReply(r.text))).toEqual([]);
    expect(t.textsTo(counselling.id).filter((x) => x.includes('没能送到'))).toHaveLength(1);
    expect(t.rows("select author from case_messages order by id")).toEqual([{ author: 'student' }, { author: 'counsellor' }]);
  });

  it('by a reply to the relayed message, to a student who cannot be reached at all: told at once, never passed on', async () => {
    const t = await start();
    await talkCase(t);
    await step(t, () => t.userSends({ from: xu, chat: counselling, text: '/claim C-1' }));
    const relayed = t.fake.messagesTo(counselling.id).find((m) => m.text?.includes('最近总是睡不好'))!;
    t.fake.inject({ method: 'sendMessage', chatId: lihua.id, times: 5, fault: { kind: 'blocked' } });
    await step(t, () => t.userSends({ from: xu, chat: counselling, text: '我在', replyTo: relayed.messageId }));
    await step(t, () => t.userSends({ from: xu, chat: counselling, text: '还在吗？', replyTo: relayed.messageId }));
    const about = t.textsTo(counselling.id).filter((x) => x.includes('C-1 的'));
    expect(about.slice(-2)).toEqual([
      expect.stringMatching(/^你给 C-1 的话没能送到匿名同学 #[0-9A-F]{4} 那里。/u), // 403: unreachable
      expect.stringMatching(/^你给 C-1 的话没能送到匿名同学 #[0-9A-F]{4} 那里。/u), // no reachable chat left: told at once
    ]);
    expect(about.filter((x) => x.includes('转达'))).toEqual([]);
  });
});

describe("the student's words relayed to counsellors", () => {
  it('are said to be passed on once the counsellor\'s chat accepted them, and not to have arrived when they never could be', async () => {
    const t = await start();
    await talkCase(t);
    await step(t, () => t.userSends({ from: xu, chat: counselling, text: '/reply C-1 我在' }));
    await step(t, () => t.userSends({ from: lihua, text: '主要是考试压力' }));
    const relayed = t.fake.messagesTo(xu.id).find((r) => r.text?.endsWith('主要是考试压力'))!;
    const told = t.fake.messagesTo(lihua.id).find((r) => r.text === PASSED_ON)!;
    expect(told.seq).toBeGreaterThan(relayed.seq);

    t.fake.inject({ method: 'sendMessage', chatId: xu.id, times: 1000, fault: { kind: 'serverError', status: 500 } });
    t.userSends({ from: lihua, text: '晚上也睡不着' });
    await t.waitFor((r) => r.chatId === lihua.id && !!r.text?.includes('没能送到'), 10_000);
    await t.settle();
    expect(t.textsTo(lihua.id).slice(-1)).toEqual(['刚才这条没能送到心理老师那里，请稍后再发一次。如果情况紧急，请直接拨打求助电话。']);
    expect(t.textsTo(lihua.id).filter((x) => x === PASSED_ON)).toHaveLength(1);
  });

  it('to counsellors privately (no counselling chat), one accepting and one refusing: "passed on" once, never "did not arrive"', async () => {
    const t = await start();
    await talkCase(t, false);
    t.fake.inject({ method: 'sendMessage', chatId: zhao.id, times: 1000, fault: { kind: 'serverError', status: 500 } });
    t.userSends({ from: lihua, text: '/talk 还有一件事' });
    await t.waitFor((r) => r.chatId === xu.id && !!r.text?.endsWith('还有一件事'));
    const refused = () => t.fake.callsTo('sendMessage').filter((c) => c.status === 500 && String(c.params.chat_id) === String(zhao.id));
    await vi.waitFor(() => expect(refused()).toHaveLength(15), { timeout: 10_000, interval: 20 }); // 5 tries of the outbox, 3 calls each
    await t.settle();
    expect(t.textsTo(lihua.id).filter((x) => x === PASSED_ON)).toHaveLength(1);
    expect(t.textsTo(lihua.id).filter((x) => x.includes('没能送到'))).toEqual([]);
    expect(receipts(t, 'cases.said')).toEqual([{ n: 1 }]);
  });
});
