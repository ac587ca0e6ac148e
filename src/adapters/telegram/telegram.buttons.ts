/**
 * Inline keyboards from the core's buttons. Telegram's callback_data holds 1–64 bytes; longer
 * payloads are kept server-side behind a short id (adapters/shared/buttons.ts).
 */
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Clock } from '../../core/clock.js';
import type { Button } from '../../core/message.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { carriesItself, createButtonPayloads, storedId } from '../shared/buttons.js';

export const CALLBACK_DATA_LIMIT = 64;

const fitsCallbackData = (data: string): boolean => Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_LIMIT;

/** The callback_data for a payload: itself when it fits (and cannot be mistaken for an id), else its id. */
export function callbackDataFor(data: string): string {
  return carriesItself(data, fitsCallbackData) ? data : storedId(data);
}

export interface ButtonStore {
  /** The inline keyboard for `buttons`, storing long payloads first; undefined when there are none. */
  keyboard(buttons: Button[][] | undefined): Promise<InlineKeyboardMarkup | undefined>;
  /** The payload behind a pressed button's callback_data. */
  resolve(callbackData: string): Promise<string>;
}

export function createButtonStore(deps: { units: UnitRunner; clock: Clock }): ButtonStore {
  const payloads = createButtonPayloads(deps);
  return {
    async keyboard(buttons) {
      if (!buttons?.length) return undefined;
      const ids = await payloads.ids(buttons, fitsCallbackData);
      return { inline_keyboard: buttons.map((row, r) => row.map((b, i) => ({ text: b.label, callback_data: ids[r]![i]! }))) };
    },
    resolve: payloads.resolve,
  };
}
