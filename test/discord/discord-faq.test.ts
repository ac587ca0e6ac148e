/**
 * The FAQ on Discord, through the real discord.js client and the fake Discord: a question in a DM is
 * answered with its buttons (a press on "this helped" is acknowledged and counted once), and an
 * @mention in a server channel is answered in the channel (FAQ answers are public).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startDiscordCampus, type DiscordCampus } from './in-process.js';

let c: DiscordCampus;
beforeEach(async () => (c = await startDiscordCampus()));
afterEach(() => c.stop());

describe('the FAQ on Discord', () => {
  it('answers a question in a DM with its buttons, and counts "this helped" once for two presses', async () => {
    c.fake.userSends({ from: c.lihua, content: '图书馆几点关门' });
    const dm = c.fake.dmChannelId(c.lihua.id);
    const answer = await c.fake.waitFor((r) => r.kind === 'create' && r.channelId === dm && !!r.message?.components?.length, 10_000);
    expect(answer.message!.content).toContain('图书馆主馆每天 7:30–22:30 开放');
    const labels = JSON.stringify(answer.message!.components);
    expect(labels).toContain('这个有帮助');
    expect(labels).toContain('找老师问问');
    for (let i = 0; i < 2; i++) {
      const press = c.fake.userClicks({ from: c.lihua, message: answer.message!, label: '这个有帮助' });
      await c.fake.waitUntil(() => (c.fake.interaction(press.id).callbacks.length ? true : undefined), 10_000);
    }
    await c.app.router.idle();
    expect(c.rows(`select entry_id as id, helped from faq_asks`)).toEqual([{ id: 'library-hours', helped: 1 }]);
    expect(c.rows(`select count(*) as n from tickets`)).toEqual([{ n: 0 }]);
  });

  it('answers an @mention in a server channel in the channel (in the channel\'s language, as every group answer), and nothing unaddressed', async () => {
    c.fake.userSends({ from: c.amy, channel: c.general, content: 'what time does the library close?' });
    c.fake.userSends({ from: c.amy, channel: c.general, content: 'what time does the library close?', mention: true });
    const answer = await c.fake.waitFor((r) => r.kind === 'create' && r.channelId === c.general, 10_000);
    expect(answer.message!.content).toContain('图书馆主馆每天 7:30–22:30 开放');
    await c.app.router.idle();
    expect(c.fake.botMessagesIn(c.general)).toHaveLength(1);
  });
});
