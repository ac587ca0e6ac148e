/**
 * The addressing rule of SPEC section 2: in private every message is for the bot; in a group only
 * commands, @mentions, replies to the bot and button presses are. Everything else is ambient.
 */
import type { Incoming } from './message.js';

export interface ParsedCommand {
  name: string;
  args: string;
  /** The @botname the command was aimed at, if any. */
  target?: string;
}

const COMMAND = /^[/／]([A-Za-z][A-Za-z0-9_]*)(?:@([A-Za-z0-9_]+))?(?:\s+([\s\S]*))?$/;

/** Parses "/cmd@bot args"; undefined when the text is not a command. */
export function parseCommand(text: string): ParsedCommand | undefined {
  const m = COMMAND.exec(text.trim());
  if (!m) return undefined;
  return { name: m[1]!.toLowerCase(), args: (m[3] ?? '').trim(), ...(m[2] ? { target: m[2] } : {}) };
}

/** Whether a command names another bot ("/start@otherbot"). */
export function aimedElsewhere(cmd: ParsedCommand, botUsername: string | undefined): boolean {
  return !!cmd.target && !!botUsername && cmd.target.toLowerCase() !== botUsername.toLowerCase();
}

/**
 * Whether the bot acts on a message at all: addressed (the rule at the top), and not a command aimed at another
 * bot, even in private. Anything else has no effect whatsoever, so an adapter may settle it unread.
 */
export function isForBot(msg: Incoming, botUsername?: string): boolean {
  const cmd = parseCommand(msg.text);
  if (cmd && aimedElsewhere(cmd, botUsername)) return false;
  return msg.chat.kind === 'private' || !!msg.press || !!msg.mentioned || !!msg.replyToBot || !!cmd;
}
