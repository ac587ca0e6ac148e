/**
 * Button payloads a platform cannot carry in the button itself (Telegram: callback_data of 1–64
 * bytes; Discord: a custom_id of 1–100 characters, unique within a message) are kept in the database
 * behind a short id, "~" + 16 characters of their hash, so the same payload always gets the same id,
 * and resolved when the button is pressed. An id we no longer know comes back as it is, which the
 * core answers as an expired button.
 */
import { createHash } from 'node:crypto';
import type { Clock } from '../../core/clock.js';
import type { Button } from '../../core/message.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { findButton, saveButtons } from './buttons.repo.js';

const STORED = '~';

/** The stored id of a payload; `salt` tells apart copies of one payload within a message. */
export function storedId(data: string, salt = ''): string {
  const key = salt ? `${data}\u0000${salt}` : data;
  return STORED + createHash('sha256').update(key).digest('base64url').slice(0, 16);
}

/** Whether a payload may stand in the button itself: it `fits`, is not empty, and cannot be mistaken for a stored id. */
export const carriesItself = (data: string, fits: (data: string) => boolean): boolean =>
  data.length > 0 && !data.startsWith(STORED) && fits(data);

export interface ButtonPayloads {
  /**
   * The id for each button, storing the payloads that need it first. With `unique`, a payload
   * that occurs twice in the message gets a stored id of its own for each further copy.
   */
  ids(buttons: Button[][], fits: (data: string) => boolean, opts?: { unique?: boolean }): Promise<string[][]>;
  /** The payload behind a pressed button's id (read from the store only for a stored id). */
  resolve(id: string): Promise<string>;
}

export function createButtonPayloads(deps: { units: UnitRunner; clock: Clock }): ButtonPayloads {
  return {
    async ids(buttons, fits, opts = {}) {
      const stored: { id: string; data: string }[] = [];
      const seen = new Map<string, number>();
      const ids = buttons.map((row) => row.map((b) => {
        const copy = seen.get(b.data) ?? 0;
        seen.set(b.data, copy + 1);
        const salt = opts.unique && copy > 0 ? String(copy) : '';
        if (!salt && carriesItself(b.data, fits)) return b.data;
        const id = storedId(b.data, salt);
        stored.push({ id, data: b.data });
        return id;
      }));
      if (stored.length) await deps.units.run((unit) => saveButtons(unit.q, stored, deps.clock.now()));
      return ids;
    },
    async resolve(id) {
      if (!id.startsWith(STORED)) return id;
      return (await deps.units.read((q) => findButton(q, id))) ?? id;
    },
  };
}
