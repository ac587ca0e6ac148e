/**
 * discord.js errors → the core's DeliveryError. discord.js has already done what is safe by
 * itself (waited out short 429s, repeated 5xx answers and reset connections three times), so what
 * reaches us is final for this attempt: 50007 (DMs closed, or the bot blocked) and 50278 (no server
 * in common any more) mean the person cannot be reached; a long 429 is `rate_limited`; a 5xx or a
 * connection that was never made is `transient`; a request that may have arrived (the connection
 * closed or timed out while waiting for the answer) is `unknown`.
 */
import { DiscordAPIError, HTTPError, RateLimitError } from 'discord.js';
import { DeliveryError } from '../../core/message.js';

/** Discord's codes for a person or channel the bot cannot write to. */
export const UNREACHABLE_CODES = new Set([
  50007, // Cannot send messages to this user
  50278, // Cannot send messages to this user due to having no mutual guilds
  50001, // Missing Access (the channel is hidden from the bot now)
  50013, // Missing Permissions (Send Messages taken away)
  10003, // Unknown Channel (deleted)
]);

/** Network errors that happen before a connection exists: the request never left. */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof RateLimitError) {
    return new DeliveryError('rate_limited', `${err.method} ${err.route}: rate limited${err.global ? ' (global)' : ''}`, Math.max(err.retryAfter, err.timeToReset));
  }
  if (err instanceof DiscordAPIError) return fromDiscord(err);
  if (err instanceof HTTPError) {
    const text = `${err.method.toUpperCase()} ${err.url}: ${err.status} ${err.message}`;
    // A gateway that timed out waiting for Discord cannot say whether the message was made.
    return new DeliveryError(err.status === 504 ? 'unknown' : 'transient', text);
  }
  const code = networkCode(err);
  const text = err instanceof Error ? `${err.name}: ${err.message}${code ? ` (${code})` : ''}` : String(err);
  return new DeliveryError(code && NEVER_SENT.has(code) ? 'transient' : 'unknown', text);
}

function fromDiscord(err: DiscordAPIError): DeliveryError {
  const text = `${err.method.toUpperCase()} ${err.url}: ${err.status} ${err.code} ${err.message}`;
  if (typeof err.code === 'number' && UNREACHABLE_CODES.has(err.code)) return new DeliveryError('blocked', text);
  if (err.status === 403) return new DeliveryError('blocked', text);
  if (err.status === 429) return new DeliveryError('rate_limited', text, 1000);
  if (err.status >= 500) return new DeliveryError('transient', text);
  return new DeliveryError('invalid', text);
}

/** The system or undici error code of a network failure, looking through `cause`. */
function networkCode(err: unknown): string | undefined {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 4; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** Discord's answer when an edit targets a message that no longer exists (deleted). */
export const isUnknownMessage = (err: unknown): boolean => err instanceof DiscordAPIError && err.code === 10008;
