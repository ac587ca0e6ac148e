/**
 * Counselling on Discord, through the real discord.js client and the fake Discord: a student in crisis
 * in a DM gets the hotlines at once and a crisis case is opened under an alias; /talk opens an
 * anonymous case and what the student writes next goes to it, not to a ticket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { until } from '../until.js';
import { startDiscordCampus, type DiscordCampus } from './in-process.js';

let c: DiscordCampus;
beforeEach(async () => (c = await startDiscordCampus()));
afterEach(() => c.stop());

describe('counselling on Discord', () => {
  it('answers a crisis in a DM with the hotlines first and opens a crisis case, not a ticket', async () => {
    c.fake.userSends({ from: c.lihua, content: '我真的不想活了' });
    const dm = c.fake.dmChannelId(c.lihua.id);
    const first = await c.fake.waitFor((r) => r.kind === 'create' && r.channelId === dm, 10_000);
    expect(first.message!.content).toContain('12356');
    await until(() => c.rows(`select 1 from cases`).length === 1, 10_000);
    expect(c.rows(`select kind, status, member_id is not null as kept, alias not like '%李%' as aliased from cases`)).toEqual([{ kind: 'crisis', status: 'open', kept: 1, aliased: 1 }]);
    expect(c.rows(`select count(*) as n from tickets`)).toEqual([{ n: 0 }]);
  });

  it('/talk in English opens an anonymous case, and the next words go to it', async () => {
    c.fake.userSends({ from: c.amy, content: '/talk' });
    const dm = c.fake.dmChannelId(c.amy.id);
    const offer = await c.fake.waitFor((r) => r.kind === 'create' && r.channelId === dm, 10_000);
    expect(offer.message!.content).toContain('/talk end');
    c.fake.userSends({ from: c.amy, content: 'I have been feeling really low since the exams' });
    await until(() => c.rows(`select 1 from cases where kind = 'talk'`).length === 1 && c.rows(`select 1 from case_messages`).length >= 1, 10_000);
    expect(c.rows(`select count(*) as n from tickets`)).toEqual([{ n: 0 }]);
    expect(c.fake.botMessagesIn(c.general)).toEqual([]);
  });
});
