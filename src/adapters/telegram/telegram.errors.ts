/**
 * grammY's errors → the core's DeliveryError. The line that matters: may a failed call be repeated
 * without risking a duplicate? Only when Telegram said so (429, its 5xx) or the connection was
 * refused before a byte left; a dropped or timed-out request may have been delivered (`unknown`).
 */
import { GrammyError, HttpError } from 'grammy';
import { DeliveryError } from '../../core/message.js';
import { TransportError } from './telegram.fetch.js';

/** Telegram's answer when an edit changes nothing: not a failure. */
export const NOT_MODIFIED = /message is not modified/i;
/** Telegram's answer when editMessageText targets a photo: edit the caption instead. */
export const NO_TEXT_TO_EDIT = /there is no text in the message to edit/i;

export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  if (err instanceof GrammyError) return fromTelegram(err);
  if (err instanceof HttpError) {
    const cause = err.error;
    // No connection was made for this request (refused, unreachable, or given up before it was made).
    const neverSent = cause instanceof TransportError && cause.beforeConnect;
    return new DeliveryError(neverSent ? 'transient' : 'unknown', describe(err, cause));
  }
  return new DeliveryError('unknown', err instanceof Error ? err.message : String(err));
}

function fromTelegram(err: GrammyError): DeliveryError {
  const code = err.error_code;
  const text = `${err.method}: ${code} ${err.description}`;
  if (code === 403) return new DeliveryError('blocked', text);
  if (code === 429) return new DeliveryError('rate_limited', text, (err.parameters.retry_after ?? 1) * 1000);
  // A gateway that timed out waiting for the Bot API cannot say whether the message went out.
  if (code === 504) return new DeliveryError('unknown', text);
  if (code >= 500) return new DeliveryError('transient', text);
  return new DeliveryError('invalid', text);
}

function describe(err: HttpError, cause: unknown): string {
  return cause instanceof Error ? `${err.message} (${cause.message})` : err.message;
}

/** Whether an error means the bot's token is wrong or revoked (polling cannot go on). */
export function isUnauthorized(err: unknown): boolean {
  return err instanceof GrammyError && (err.error_code === 401 || err.error_code === 404);
}

/** Whether another instance is polling, or a webhook is set while we poll. */
export function isConflict(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 409;
}

/** Seconds Telegram asked us to wait, if it did. */
export function retryAfterMs(err: unknown): number | undefined {
  return err instanceof GrammyError && err.error_code === 429 ? (err.parameters.retry_after ?? 1) * 1000 : undefined;
}
