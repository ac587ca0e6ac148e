/**
 * The simulator of SPEC section 9: reads JSON lines (people, clock moves, messages, button
 * presses) and writes the bot's messages as JSON lines, on a virtual clock and a fresh database.
 * It drives the same router and scheduler as the real adapters.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { PersonSchema, type Config } from '../../config.js';
import { openDb } from '../../db/client.js';
import { sqliteStore, type Store } from '../../db/store.js';
import { ManualClock } from '../../core/clock.js';
import type { Feature } from '../../core/feature.js';
import type { Incoming, Platform } from '../../core/message.js';
import { seededRng } from '../../core/rng.js';
import { isoInZone } from '../../core/time.js';
import { createApp } from '../../app.js';
import { LOCAL_BOT_USERNAME, createLocalPort, type LocalMessage, type LocalPort } from '../local/local-port.js';

/** Where the clock stands before the first `at` line: a Monday morning in term. */
export const SIM_START = '2026-03-02T08:00:00+08:00';

export interface SimOptions {
  config: Config;
  log: Logger;
  /** Receives each output line (JSON text, no newline). */
  out: (line: string) => void;
  /** Receives each diagnostic (no newline). */
  err: (line: string) => void;
  extraFeatures?: Feature[];
  /** Use this database file instead of a fresh temporary one (restart tests). */
  dbPath?: string;
  /** Run on this store instead (db/store.ts: e.g. PostgreSQL in the tests); the caller closes it. */
  store?: Store;
}

/** Platforms a script's person can write on; `local` unless a line says `"platform"`. */
const PLATFORMS: readonly Platform[] = ['local', 'telegram', 'discord'];

export interface SimLineMessage {
  from: string;
  /** Which platform the person writes on (default local); the same name on two platforms is two accounts. */
  platform?: Platform;
  chat: string;
  text?: string;
  press?: string;
  mention?: boolean;
  reply_to_bot?: boolean;
  /** Replies to the bot's most recent message in that chat whose text contains this. */
  reply_to?: string;
  photos?: string[];
  /** The sender administers this group on the platform (what a Telegram group admin is). */
  chat_admin?: boolean;
}

export async function runSimulation(lines: string[], opts: SimOptions): Promise<void> {
  const dir = opts.dbPath || opts.store ? undefined : mkdtempSync(join(tmpdir(), 'yizhan-sim-'));
  const store = opts.store ?? sqliteStore(openDb(opts.dbPath ?? join(dir!, 'sim.db')));
  const clock = new ManualClock(new Date(SIM_START));
  const tz = opts.config.campus.timezone;
  // One in-process port per platform: the same router, features and database serve all of them.
  const ports = new Map<Platform, LocalPort>(PLATFORMS.map((p) => [p, createLocalPort((m, edit) => opts.out(outputLine(p, m, edit, isoInZone(clock.now(), tz))), p)]));
  const app = createApp({
    config: opts.config, db: store.db, store, clock, rng: seededRng(1), log: opts.log, ports, botUsername: () => LOCAL_BOT_USERNAME,
    sleep: async (ms: number) => clock.set(new Date(clock.now().getTime() + ms)),
    ...(opts.extraFeatures ? { extraFeatures: opts.extraFeatures } : {}),
  });
  await app.chats.seedLocal(clock.now());
  try {
    for (const [i, raw] of lines.entries()) {
      const problem = await step(raw);
      if (problem) opts.err(`line ${i + 1}: ${problem}`);
    }
  } finally {
    await app.scheduler.stop();
    if (!opts.store) await store.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }

  /** Runs one input line; returns a problem to report, or undefined. */
  async function step(raw: string): Promise<string | undefined> {
    if (!raw.trim()) return undefined;
    let line: Record<string, unknown>;
    try {
      line = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return 'not valid JSON';
    }
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return 'expected a JSON object';
    if ('user' in line) return declare(line);
    if ('at' in line) return moveClock(line.at);
    if ('from' in line) return message(line as unknown as SimLineMessage);
    return 'expected a person ("user"), a clock move ("at") or a message ("from")';
  }

  async function declare(line: Record<string, unknown>): Promise<string | undefined> {
    const parsed = PersonSchema.safeParse(line);
    if (!parsed.success) return `bad person: ${parsed.error.issues.map((x) => `${x.path.join('.') || 'line'}: ${x.message}`).join('; ')}`;
    const p = parsed.data;
    if (p.department && !opts.config.departments.some((d) => d.id === p.department)) return `unknown department "${p.department}"`;
    await app.members.declare(p, clock.now());
    // Their class groups exist from now on (a rep's poll made in private can be posted there).
    for (const g of [...p.groups, ...p.rep_of]) await app.chats.ensure({ platform: 'local', id: `group:${g}`, kind: 'group' }, clock.now());
    return undefined;
  }

  async function moveClock(at: unknown): Promise<string | undefined> {
    const target = typeof at === 'string' ? new Date(at) : new Date(NaN);
    if (Number.isNaN(target.getTime())) return `"at" is not an ISO date-time: ${JSON.stringify(at)}`;
    if (target < clock.now()) return `the clock only moves forward (it is ${isoInZone(clock.now(), tz)})`;
    await app.scheduler.advanceTo(target, clock);
    return undefined;
  }

  async function message(line: SimLineMessage): Promise<string | undefined> {
    const msg = toIncoming(line);
    if (typeof msg === 'string') return msg;
    if (line.press !== undefined) {
      const found = ports.get(msg.chat.platform)!.findButton(msg.chat.id, line.press);
      if (!found) return `no message in ${msg.chat.id} has a button "${line.press}"`;
      msg.press = found.data;
      msg.pressedMessage = found.ref;
    }
    if (line.reply_to !== undefined) {
      const ref = typeof line.reply_to === 'string' ? ports.get(msg.chat.platform)!.findMessage(msg.chat.id, line.reply_to) : undefined;
      if (!ref) return `no message in ${msg.chat.id} contains ${JSON.stringify(line.reply_to)} to reply to`;
      Object.assign(msg, { replyToBot: true, replyTo: { messageId: ref.messageId } });
    }
    await app.router.handle(msg);
    if (msg.notice !== undefined) opts.out(JSON.stringify({ at: isoInZone(clock.now(), tz), to: chatKey(msg.chat.platform, msg.chat.id), for: line.from, text: msg.notice, notice: true }));
    await app.scheduler.runDue();
    return undefined;
  }
}

/** Builds the incoming message of a `from` line, or a problem. */
function toIncoming(line: SimLineMessage): Incoming | string {
  if (typeof line.from !== 'string' || !/^[A-Za-z0-9_.-]+$/.test(line.from)) return '"from" must be a user name';
  if (line.chat !== 'private' && !(typeof line.chat === 'string' && /^group:[a-z0-9][a-z0-9_-]*$/.test(line.chat))) {
    return '"chat" must be "private" or "group:<key>"';
  }
  if (line.text === undefined && line.press === undefined && !line.photos) return 'a message needs "text", "press" or "photos"';
  if (line.text !== undefined && typeof line.text !== 'string') return '"text" must be a string';
  const platform = line.platform ?? 'local';
  if (!PLATFORMS.includes(platform)) return `"platform" must be one of ${PLATFORMS.join(', ')}`;
  const isPrivate = line.chat === 'private';
  return {
    chat: { platform, id: isPrivate ? `private:${line.from}` : line.chat, kind: isPrivate ? 'private' : 'group' },
    sender: { id: line.from, name: line.from, username: line.from },
    text: line.text ?? '',
    ...(line.mention ? { mentioned: true } : {}),
    ...(line.reply_to_bot ? { replyToBot: true } : {}),
    ...(line.chat_admin && !isPrivate ? { fromChatAdmin: true } : {}),
    ...(line.photos ? { attachments: line.photos.map((ref) => ({ kind: 'photo' as const, ref })) } : {}),
  };
}

/** A chat as output lines name it: `private:alice` on the local platform, `telegram:private:alice` on another. */
const chatKey = (platform: Platform, chatId: string) => (platform === 'local' ? chatId : `${platform}:${chatId}`);

/** One output line of the contract: at, to (prefixed with the platform unless local), text, buttons (labels), photos, file, edit. */
function outputLine(platform: Platform, m: LocalMessage, edit: boolean, at: string): string {
  return JSON.stringify({
    at, to: chatKey(platform, m.chatId), text: m.text,
    ...(m.buttons.length ? { buttons: m.buttons.map((row) => row.map((b) => b.label)) } : {}),
    ...(m.photos.length ? { photos: m.photos } : {}),
    ...(m.file ? { file: { name: m.file.name, content: m.file.content } } : {}),
    ...(edit ? { edit: true } : {}),
  });
}
