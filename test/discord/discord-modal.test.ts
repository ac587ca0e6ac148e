/**
 * The repair form on Discord, through discord.js and the fake: `/repair` without text is answered
 * with a modal first (type 9, in the caller's language), and its submission is the repair intake
 * every platform has: the confirmation in the DM, the ticket and the staff card once confirmed. In
 * a server channel nothing of it reaches the channel; a replayed submission acts once; a place the
 * campus cannot read is asked for, and a text longer than a ticket keeps gets the usual answer.
 */
import type { APIMessage, APIUser } from 'discord.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FORM_LIMITS, REPAIR_FORM } from '../../src/adapters/discord/discord.modal.js';
import { MAX_DESCRIPTION } from '../../src/features/tickets/tickets.limits.js';
import type { InteractionState } from '../fakes/discord-api.js';
import { until } from '../until.js';
import { startDiscordCampus, type DiscordCampus } from './in-process.js';

let c: DiscordCampus;
beforeEach(async () => {
  c = await startDiscordCampus({ channels: ['logistics'] });
  await c.registerCommands();
});
afterEach(() => c.stop());

const callbacks = (i: InteractionState) => c.fake.interaction(i.id).callbacks.map((x) => [x.type, x.status]);

/** Runs /repair with no text and waits for the form it opens. */
async function openForm(from: APIUser, channel?: string, locale?: string): Promise<InteractionState> {
  const run = c.fake.userRunsCommand({ from, name: 'repair', ...(channel ? { channel } : {}), ...(locale ? { locale } : {}) });
  await c.fake.waitUntil(() => (c.fake.interaction(run.id).response === 'modal' ? true : undefined), 10_000);
  return run;
}

/** The form's labels, as Discord shows them. */
function labels(i: InteractionState): { title: string; fields: [string, string, number | undefined][] } {
  const modal = c.fake.interaction(i.id).modal as { title: string; components: { label: string; component: { custom_id: string; max_length?: number } }[] };
  return { title: modal.title, fields: modal.components.map((l) => [l.component.custom_id, l.label, l.component.max_length]) };
}

async function botSays(channel: string, text: RegExp, after = 0): Promise<APIMessage> {
  return c.fake.waitUntil(() => c.fake.botMessagesIn(channel).slice(after).find((m) => text.test(m.content)), 10_000);
}

/** Waits until every outbox row was sent (or settled otherwise). */
async function outboxSettled(): Promise<void> {
  await c.app.router.idle();
  await until(() => c.rows(`select 1 from outbox where status in ('pending', 'sending')`).length === 0, 10_000, () => c.fake.dump());
}

describe('the repair form on Discord', () => {
  it('a DM /repair opens the form first; its submission is confirmed, becomes a ticket, and the card reaches the bound staff channel', async () => {
    const logistics = c.channels.logistics!;
    c.fake.userSends({ from: c.admin, channel: logistics, content: '/bind staff logistics', mention: true });
    await botSays(logistics, /后勤保障处/);
    const dm = c.fake.dmChannelId(c.lihua.id);

    const run = await openForm(c.lihua);
    expect(callbacks(run)).toEqual([[9, 204]]); // the modal is the first and only answer
    expect(c.fake.interaction(run.id).modal).toMatchObject({ custom_id: REPAIR_FORM });
    expect(c.rows('select 1 from discord_inbox')).toHaveLength(1); // the bind: opening the form stores nothing

    const submit = c.fake.userSubmitsModal({ from: c.lihua, opened: run, values: { place: '3号楼502', item: '热水器', description: '没有热水，已经两天了' } });
    const confirm = await botSays(dm, /^请确认要提交的内容/);
    expect(confirm.content).toContain('位置：3号楼 502');
    expect(confirm.content).toContain('没有热水，已经两天了');
    c.fake.userClicks({ from: c.lihua, message: confirm, label: '确认提交' });
    await botSays(dm, /^已提交！单号 T-1，由「后勤保障处」负责。/);
    const card = await botSays(logistics, /T-1 · 报修 · 设施设备/);
    expect(card.components?.length).toBeGreaterThan(0);
    expect(c.rows('select kind, building, room, item, department_id as dept, status from tickets')).toEqual([
      { kind: 'repair', building: '3号楼', room: '502', item: 'water_heater', dept: 'logistics', status: 'open' },
    ]);
    expect(callbacks(submit)).toEqual([[5, 200]]); // acknowledged in time; the answers went to the DM
  });

  it('labels are in the caller\'s language: zh-CN for 李华, English for Amy, each within Discord\'s lengths', async () => {
    const zh = labels(await openForm(c.lihua));
    const en = labels(await openForm(c.amy));
    expect(zh).toEqual({ title: '报修', fields: [['place', '地点', FORM_LIMITS.place], ['item', '报修物品', FORM_LIMITS.item], ['description', '问题描述', FORM_LIMITS.description]] });
    expect(en).toEqual({ title: 'Request a repair', fields: [['place', 'Place', FORM_LIMITS.place], ['item', 'Item', FORM_LIMITS.item], ['description', 'What is wrong', FORM_LIMITS.description]] });
    // Joined, the three fit the characters a ticket's description keeps (2,000), well under Discord's 4,000.
    expect(FORM_LIMITS.place + FORM_LIMITS.item + FORM_LIMITS.description + 2).toBe(MAX_DESCRIPTION);
  });

  it('submitted in a server channel, the form continues in the DM and the channel sees nothing; with DMs closed, all of it is ephemeral', async () => {
    const dm = c.fake.dmChannelId(c.lihua.id);
    const run = await openForm(c.lihua, c.general);
    const submit = c.fake.userSubmitsModal({ from: c.lihua, opened: run, values: { place: '3号楼502', description: '热水器坏了' } });
    await botSays(dm, /请确认要提交的内容(.|\n)*热水器坏了/);
    await outboxSettled();
    expect(c.fake.botMessagesIn(c.general)).toEqual([]);
    const pointer = c.fake.sent.filter((r) => r.kind === 'followup' && r.interactionId === submit.id);
    expect(pointer.map((r) => [r.message?.flags, /私信/.test(r.message?.content ?? '')])).toEqual([[64, true]]);
    expect(pointer[0]!.message?.content).not.toContain('热水器');

    c.fake.setDmsClosed(c.amy.id);
    const amyRun = await openForm(c.amy, c.general);
    const amySubmit = c.fake.userSubmitsModal({ from: c.amy, opened: amyRun, values: { place: 'Building 7 312', item: 'desk lamp', description: 'it does not turn on' } });
    await c.fake.waitFor((r) => r.kind === 'followup' && r.interactionId === amySubmit.id && /desk lamp/.test(r.message?.content ?? ''), 10_000);
    await outboxSettled();
    expect(c.fake.sent.filter((r) => r.interactionId === amySubmit.id && r.kind === 'followup').map((r) => r.message?.flags)).toEqual([64, 64]);
    expect(c.fake.botMessagesIn(c.general)).toEqual([]);
    expect(c.fake.sent.find((r) => r.kind === 'callback' && r.interactionId === amySubmit.id)?.message?.flags).toBe(64 | 128); // its "thinking…" too
  });

  it('a submission delivered twice is handled once: one confirmation, one ticket', async () => {
    const dm = c.fake.dmChannelId(c.lihua.id);
    const run = await openForm(c.lihua);
    const submit = c.fake.userSubmitsModal({ from: c.lihua, opened: run, values: { place: '5号楼 312', item: '空调', description: '空调不制冷' } });
    const confirm = await botSays(dm, /^请确认要提交的内容/);
    c.fake.replayInteraction(submit);
    await until(() => c.fake.interaction(submit.id).callbacks.length >= 2, 10_000, () => c.fake.dump()); // the replay's answer is refused: already acknowledged
    await outboxSettled();
    expect(c.fake.botMessagesIn(dm).filter((m) => /^请确认要提交的内容/.test(m.content))).toHaveLength(1);
    expect(c.rows(`select status from discord_inbox where event_id = '${submit.id}'`)).toEqual([{ status: 'done' }]);
    c.fake.userClicks({ from: c.lihua, message: confirm, label: '确认提交' });
    await botSays(dm, /^已提交！单号 T-1/);
    expect(c.rows('select 1 from tickets')).toHaveLength(1);
  });

  it('a place the campus cannot read is asked for, as on any platform; a text longer than a ticket keeps gets the usual answer and no ticket', async () => {
    const dm = c.fake.dmChannelId(c.lihua.id);
    const run = await openForm(c.lihua);
    c.fake.userSubmitsModal({ from: c.lihua, opened: run, values: { place: '火星基地', description: '台灯不亮了' } });
    await botSays(dm, /^在哪里？宿舍、教室请写楼栋和房间号/);

    const long = await openForm(c.lihua);
    // Discord's client keeps to the form's lengths; an older form or a modified client may not.
    expect(() => c.fake.userSubmitsModal({ from: c.lihua, opened: long, values: { place: '3号楼502', description: '坏'.repeat(FORM_LIMITS.description + 1) } })).toThrow(/outside/);
    const before = c.fake.botMessagesIn(dm).length;
    c.fake.userSubmitsModal({ from: c.lihua, opened: long, values: { place: '3号楼502', description: '坏'.repeat(2100) }, unchecked: true });
    await botSays(dm, new RegExp(`^描述太长了（\\d+ 字），最多 ${MAX_DESCRIPTION} 字`), before);
    await outboxSettled();
    expect(c.rows('select 1 from tickets')).toEqual([]);
  });
});
