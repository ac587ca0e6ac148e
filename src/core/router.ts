/**
 * Turns incoming messages into feature calls. One chat's messages are handled in order; every
 * handler runs inside one error boundary that answers with a reference id.
 */
import type { Logger } from 'pino';
import { isForBot, parseCommand } from './addressing.js';
import type { Clock } from './clock.js';
import { coreMessages } from './core.messages.js';
import { isAppError } from './errors.js';
import type { Command, Ctx, Feature, Understanding } from './feature.js';
import { tr, type Locale } from './i18n.js';
import { createKeyedQueue } from './keyed-queue.js';
import type { Incoming, SentRef } from './message.js';
import { hexId, type Rng } from './rng.js';
import { mayUse } from './roles.js';
import { createPresses } from './presses.js';
import { CANCELLED } from './steps.js';
import { claimUpdate } from './updates.repo.js';
import type { UnitRunner } from './unit-of-work.js';
import { messageCtx, type Identified } from './router.ctx.js';

export type { Identified } from './router.ctx.js';

export interface RouterDeps {
  log: Logger;
  clock: Clock;
  rng: Rng;
  units: UnitRunner;
  features: Feature[];
  defaultLocale: Locale;
  /** Who sent the message (registered on first contact), on the unit's handle; may be async. */
  identify(msg: Incoming, now: Date): Identified | Promise<Identified>;
  understand?(text: string, chat: 'private' | 'group', now: Date): Understanding;
  /**
   * Runs in each message's unit before anything reads the message: brings what is kept in memory
   * up to date with the store (the FAQ entries, which `understand` reads and another instance may change).
   */
  refresh?(): Promise<void>;
  botUsername?(platform: Incoming['chat']['platform']): string | undefined;
}

/**
 * What became of a message: `handled` in a unit of work that claimed its update id, `duplicate`
 * when that id was claimed before, `ignored` when it was not addressed to the bot.
 */
export type Outcome = 'handled' | 'duplicate' | 'ignored';

export interface Router {
  /**
   * Queues a message behind earlier ones of the same chat; resolves when it was handled, with
   * its outcome, or undefined when its unit of work failed (nothing of it was applied then).
   */
  handle(msg: Incoming): Promise<Outcome | undefined>;
  /** Every command of every feature, in registration order. */
  readonly commands: Command[];
  /**
   * Runs `text` as the member of `ctx` had sent it: a command ("/repair 3号楼502 ...", for a button
   * that stands for one), or plain words understood afresh, outside any dialogue (a message kept
   * while the member chose what it was for).
   */
  runAs(ctx: Ctx, text: string): Promise<void>;
  /** Presses the button whose payload is `data` as the member of `ctx` (typed its label: core/typed-button.ts). */
  pressAs(ctx: Ctx, data: string): Promise<void>;
  idle(): Promise<void>;
}

/**
 * Messages with the same key are handled in order. A chat's messages keep their order; button
 * presses in a group are independent of other people's (a burst of 300 votes on one poll), so each
 * member's presses there keep their own order and commit in batches with everyone else's.
 */
export function orderKey(msg: Incoming): string {
  const chat = `${msg.chat.platform}:${msg.chat.id}`;
  return msg.press !== undefined && msg.chat.kind === 'group' ? `${chat}:press:${msg.sender.id}` : chat;
}

export function createRouter(deps: RouterDeps): Router {
  // A unit that could not run at all (its commit failed, the store is gone): the caller (an inbox)
  // reads `undefined` and tries the message again; the log says why. No chat key: it names the sender.
  const queue = createKeyedQueue((err) => deps.log.error({ err }, 'message not handled: its unit failed'));
  /** Pressed messages their press's handler edited (their buttons are its business then). */
  const edited = new WeakSet<SentRef>();
  const byName = new Map(deps.features.map((f) => [f.name, f]));
  const presses = createPresses({ units: deps.units, features: byName, edited });
  const commands = deps.features.flatMap((f) => f.commands ?? []);
  /** The command a line names: a variant that takes these arguments (`/reply C-3 …`), else the plain one. */
  const commandFor = (name: string, args: string) =>
    commands.find((c) => c.name === name && c.takes?.(args)) ?? commands.find((c) => c.name === name && !c.takes);
  const interceptors = deps.features.flatMap((f) => f.interceptors ?? []);
  const intentHandler = (intent: string) => deps.features.find((f) => f.intents?.[intent])?.intents?.[intent];

  /** The context a command answers through: privately when its answer is private and this chat may not read it. */
  async function answering(ctx: Ctx, cmd: Command, args: string): Promise<Ctx | undefined> {
    if (cmd.answers !== 'private' || ctx.inPrivate || (await cmd.sharedIn?.(ctx, args))) return ctx;
    return ctx.privately();
  }

  async function runCommand(ctx: Ctx, name: string, args: string, explicit: boolean): Promise<void> {
    const m = tr(coreMessages, ctx.locale);
    const flow = name === 'cancel' && !args ? (await ctx.flow.current()) : null;
    if (flow) {
      await ctx.flow.end(CANCELLED);
      ctx.reply(byName.get(flow.feature)?.cancelled?.[flow.name]?.(flow, ctx.locale) ?? m.flowCancelled);
      return;
    }
    const cmd = commandFor(name, args);
    if (!cmd) {
      if (name === 'cancel') ctx.reply(m.nothingToCancel);
      else if (ctx.chat.kind === 'private' || explicit) ctx.reply(m.unknownCommand({ name }));
      return;
    }
    if (!mayUse(ctx.roles, cmd.roles)) return ctx.reply(m.notAllowed({ name }));
    if (cmd.where === 'private' && ctx.chat.kind !== 'private') return ctx.reply(m.privateOnly({ name }));
    const target = await answering(ctx, cmd, args);
    if (!target) return ctx.reply(m.privateFirst); // nothing is done that could only be answered in the group
    await cmd.run(target, args);
  }

  const usable = (ctx: Ctx, cmd: Command) => mayUse(ctx.roles, cmd.roles) && (cmd.where !== 'private' || ctx.chat.kind === 'private');

  /**
   * The part of a message that is the sender's own words, for the interceptors (the crisis check):
   * a command's arguments, unless the sender may use the command and it declares them staff work;
   * plain text, unless it is typed into a dialogue step declared as staff work. A press has none.
   */
  async function ownWords(ctx: Ctx): Promise<string> {
    if (ctx.msg.press) return '';
    const parsed = parseCommand(ctx.msg.text);
    if (parsed) {
      const cmd = commandFor(parsed.name, parsed.args);
      const words = typeof cmd?.words === 'function' ? cmd.words(ctx) : cmd?.words;
      return cmd && words === 'work' && usable(ctx, cmd) ? '' : parsed.args;
    }
    const flow = ctx.chat.kind === 'private' ? (await ctx.flow.current()) : null;
    return flow && byName.get(flow.feature)?.flowWords?.[flow.name] === 'work' ? '' : ctx.msg.text;
  }

  async function plainText(ctx: Ctx): Promise<void> {
    const flow = (await ctx.flow.current());
    const step = flow && ctx.chat.kind === 'private' ? byName.get(flow.feature)?.flows?.[flow.name] : undefined;
    if (flow && step && (await step(ctx, flow)) !== 'pass') return;
    if (flow && ctx.chat.kind === 'private') await ctx.flow.end(); // its feature is gone
    if (!ctx.msg.text.trim() && ctx.msg.attachments?.length && ctx.chat.kind === 'private') return attachmentsOnly(ctx);
    const u = deps.understand?.(ctx.msg.text, ctx.chat.kind, ctx.now);
    const handler = u && (intentHandler(u.confident ? u.intent : 'uncertain') ?? intentHandler('uncertain'));
    if (u && handler) return handler(ctx, u);
    ctx.reply(tr(coreMessages, ctx.locale).notUnderstood);
  }

  /** A photo on its own goes to the `photo` intent (what is it about?); a file we cannot open. */
  async function attachmentsOnly(ctx: Ctx): Promise<void> {
    const handler = ctx.msg.attachments!.some((a) => a.kind === 'photo') ? intentHandler('photo') : undefined;
    if (handler) return handler(ctx, { intent: 'photo', confidence: 1, confident: true, slots: {}, alternatives: [], crisis: 'none' });
    ctx.reply(tr(coreMessages, ctx.locale).unreadable);
  }

  async function dispatch(ctx: Ctx): Promise<void> {
    if (ctx.msg.unreadable) return ctx.reply(tr(coreMessages, ctx.locale).unreadable);
    if (interceptors.length) {
      const words = await ownWords(ctx);
      for (const intercept of interceptors) if (await intercept(ctx, words)) return;
    }
    if (ctx.msg.press) return presses.press(ctx, ctx.msg.press);
    const cmd = parseCommand(ctx.msg.text);
    if (cmd) return runCommand(ctx, cmd.name, cmd.args, !!cmd.target || !!ctx.msg.mentioned);
    return plainText(ctx);
  }

  /**
   * One message, one unit of work: the update is claimed, the member registered and the handler run
   * in one transaction. The error boundary undoes a failed handler's writes and messages, keeps the
   * claim, and answers with the localized error or a reference id.
   */
  async function guarded(msg: Incoming): Promise<Outcome> {
    if (!isForBot(msg, deps.botUsername?.(msg.chat.platform))) return 'ignored';
    return deps.units.run(async (unit): Promise<Outcome> => {
      const now = deps.clock.now();
      if (msg.updateId && !(await claimUpdate(unit.q, msg.chat.platform, msg.updateId, now))) return 'duplicate';
      let ctx: Ctx | undefined;
      try {
        await unit.attempt(async () => {
          await deps.refresh?.();
          ctx = messageCtx(unit, msg, await deps.identify(msg, now), now, edited);
          await dispatch(ctx);
        });
      } catch (err) {
        delete msg.notice; // what it announced was undone
        unit.send(msg.chat.platform, msg.chat.id, { text: errorText(msg, ctx, err) }, { kind: 'reply', locale: ctx?.locale ?? deps.defaultLocale });
      }
      return 'handled';
    });
  }

  function errorText(msg: Incoming, ctx: Ctx | undefined, err: unknown): string {
    const locale = ctx?.locale ?? deps.defaultLocale;
    if (isAppError(err)) return err.render(locale);
    const ref = hexId(deps.rng, 4);
    // No sender id or message text here: logs must not reveal who wrote what.
    deps.log.error({ err, ref, platform: msg.chat.platform, chatKind: msg.chat.kind, press: msg.press?.split(':').slice(0, 2).join(':') }, 'handler failed');
    return tr(coreMessages, locale).internalError({ ref });
  }

  return {
    handle: (msg) => queue.run(orderKey(msg), () => guarded(msg)),
    commands,
    async runAs(ctx, text) {
      const cmd = parseCommand(text);
      if (cmd) return runCommand(ctx, cmd.name, cmd.args, true);
      if ((await ctx.flow.current())) await ctx.flow.end();
      const { press: _press, pressedMessage: _pressed, attachments: _attachments, ...msg } = ctx.msg;
      await plainText({ ...ctx, msg: { ...msg, text } });
    },
    async pressAs(ctx, data) {
      const { pressedMessage: _pressed, attachments: _attachments, ...msg } = ctx.msg;
      await presses.press({ ...ctx, msg: { ...msg, press: data } }, data);
    },
    idle: () => queue.idle(),
  };
}
