/**
 * Catching up at start. Discord does not replay the events the bot missed while it was offline, so
 * the messages of DM channels active lately and of bound server channels are fetched after the last
 * one stored from each (`GET /channels/:id/messages?after=`, 100 a page, oldest first), and those
 * addressed to the bot go to the inbox like gateway events: one that was stored already (the
 * gateway delivered it before the stop) is ignored there, and the router's claim of its id keeps it
 * from being handled twice. Each channel's mark moves past what was read, chatter included.
 */
import { Routes, type APIMessage, type REST } from 'discord.js';
import type { Logger } from 'pino';
import { isForBot } from '../../core/addressing.js';
import type { Clock } from '../../core/clock.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import type { Inbox } from '../shared/inbox.js';
import type { DiscordEvent } from './discord.js';
import { mapMessage, type BotIdentity } from './discord.mapping.js';
import { channelsToCatchUp, laterThan, markChannel } from './discord.repo.js';

const PAGE = 100;
/** Pages read per channel at most (a bound channel's chatter since its last mention counts too). */
const MAX_PAGES = 50;

export interface CatchUpDeps {
  rest: REST;
  units: UnitRunner;
  clock: Clock;
  log: Logger;
  inbox: Inbox<DiscordEvent>;
  bot: BotIdentity;
  /** DMs quiet since before this are not read. */
  since: Date;
}

/** Fetches and stores what each channel got while the bot was offline; returns how many messages were stored. */
export async function catchUp(deps: CatchUpDeps): Promise<number> {
  let stored = 0;
  const channels = await deps.units.read((q) => channelsToCatchUp(q, deps.since));
  for (const c of channels) {
    if (!c.after) {
      await markNewest(deps, c.channelId).catch((err: unknown) => deps.log.warn({ err, channel: c.channelId }, 'discord: reading a channel failed'));
      continue; // nothing stored from it yet: from now on, what it receives while the bot is offline is caught up
    }
    stored += await catchUpChannel(deps, c.channelId, c.kind, c.after).catch((err: unknown) => {
      deps.log.warn({ err, channel: c.channelId }, 'discord: catching up a channel failed');
      return 0;
    });
  }
  deps.log.info({ channels: channels.length, stored }, 'discord: caught up');
  return stored;
}

async function catchUpChannel(deps: CatchUpDeps, channelId: string, kind: 'dm' | 'guild', after: string): Promise<number> {
  let stored = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    const query = new URLSearchParams({ after, limit: String(PAGE) });
    const messages = ((await deps.rest.get(Routes.channelMessages(channelId), { query })) as APIMessage[])
      .sort((a, b) => (laterThan(a.id, b.id) ? 1 : -1));
    if (!messages.length) return stored;
    const guild = kind === 'guild';
    const events = messages.filter((m) => {
      const mapped = mapMessage(m, deps.bot, guild);
      return mapped.kind === 'incoming' && isForBot(mapped.incoming, deps.bot.username);
    }).map((d): DiscordEvent => ({ t: 'MESSAGE_CREATE', d, guild }));
    if (events.length) stored += await deps.inbox.store(events);
    after = messages.at(-1)!.id;
    await deps.units.run((unit) => markChannel(unit.q, { channelId, kind, messageId: after }, deps.clock.now()));
    if (messages.length < PAGE) return stored;
  }
  deps.log.warn({ channel: channelId, pages: MAX_PAGES }, 'discord: catch-up stopped after the page limit');
  return stored;
}

/** A bound channel the bot never stored a message from (bound by a slash command): its newest message becomes the mark. */
async function markNewest(deps: CatchUpDeps, channelId: string): Promise<void> {
  const [newest] = (await deps.rest.get(Routes.channelMessages(channelId), { query: new URLSearchParams({ limit: '1' }) })) as APIMessage[];
  if (newest) await deps.units.run((unit) => markChannel(unit.q, { channelId, kind: 'guild', messageId: newest.id }, deps.clock.now()));
}
