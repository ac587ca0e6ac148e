/**
 * Inline keyboards from the core's buttons. Telegram's callback_data holds 1–64 bytes; longer
 * payloads are stored in SQLite behind a short id ("~" + 16 characters of their hash, so the same
 * payload always gets the same id) and resolved when pressed. An id we no longer know comes back
 * as it is, which the core answers as an expired button.
 */
import { createHash } from 'node:crypto';
import type { InlineKeyboardMarkup } from 'grammy/types';
import type { Db } from '../../db/client.js';
import type { Clock } from '../../core/clock.js';
import type { Button } from '../../core/message.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { findButton, saveButtons } from './telegram.repo.js';

export const CALLBACK_DATA_LIMIT = 64;
const STORED = '~';

/** The callback_data for a payload: itself when it fits (and cannot be mistaken for an id), else its id. */
export function callbackDataFor(data: string): string {
  if (Buffer.byteLength(data, 'utf8') <= CALLBACK_DATA_LIMIT && data.length > 0 && !data.startsWith(STORED)) return data;
  return STORED + createHash('sha256').update(data).digest('base64url').slice(0, 16);
}

export interface ButtonStore {
  /** The inline keyboard for `buttons`, storing long payloads first; undefined when there are none. */
  keyboard(buttons: Button[][] | undefined): Promise<InlineKeyboardMarkup | undefined>;
  /** The payload behind a pressed button's callback_data. */
  resolve(callbackData: string): string;
}

export function createButtonStore(deps: { db: Db; units: UnitRunner; clock: Clock }): ButtonStore {
  return {
    async keyboard(buttons) {
      if (!buttons?.length) return undefined;
      const stored: { id: string; data: string }[] = [];
      const inline_keyboard = buttons.map((row) => row.map((b) => {
        const callback_data = callbackDataFor(b.data);
        if (callback_data !== b.data) stored.push({ id: callback_data, data: b.data });
        return { text: b.label, callback_data };
      }));
      if (stored.length) await deps.units.run(() => saveButtons(deps.db, stored, deps.clock.now()));
      return { inline_keyboard };
    },
    resolve(callbackData) {
      if (!callbackData.startsWith(STORED)) return callbackData;
      return findButton(deps.db, callbackData) ?? callbackData;
    },
  };
}
