/**
 * Discord components from the core's buttons: action rows of at most 5 buttons, at most 5 rows,
 * labels of at most 80 characters, and custom ids of 1–100 characters unique within the message.
 * A payload longer than that, or repeated in one message, is kept server-side behind a short id
 * (adapters/shared/buttons.ts), as on Telegram.
 */
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId } from 'discord.js';
import { DeliveryError, type Button } from '../../core/message.js';
import type { ButtonPayloads } from '../shared/buttons.js';
import { truncateText } from '../shared/text.js';

export const CUSTOM_ID_LIMIT = 100;
const PER_ROW = 5;
const ROWS = 5;
const LABEL_LIMIT = 80;

const fitsCustomId = (data: string): boolean => data.length <= CUSTOM_ID_LIMIT;

/** The core's rows as Discord rows: each cut into fives; when that makes more than 5 rows, all buttons in rows of five. */
export function layout(buttons: Button[][]): Button[][] {
  const cut = (row: Button[]) => Array.from({ length: Math.ceil(row.length / PER_ROW) }, (_, i) => row.slice(i * PER_ROW, (i + 1) * PER_ROW));
  const rows = buttons.filter((r) => r.length).flatMap(cut);
  if (rows.length <= ROWS) return rows;
  const all = cut(buttons.flat());
  if (all.length > ROWS) throw new DeliveryError('invalid', `a Discord message holds at most ${PER_ROW * ROWS} buttons, not ${buttons.flat().length}`);
  return all;
}

export type ActionRow = APIActionRowComponent<APIButtonComponentWithCustomId>;

/** The components for `buttons` (storing long payloads first); an empty list when there are none. */
export async function componentsFor(payloads: ButtonPayloads, buttons: Button[][] | undefined): Promise<ActionRow[]> {
  if (!buttons?.length) return [];
  const rows = layout(buttons);
  const ids = await payloads.ids(rows, fitsCustomId, { unique: true });
  return rows.map((row, r) => ({
    type: ComponentType.ActionRow,
    components: row.map((b, i) => ({
      type: ComponentType.Button, style: ButtonStyle.Secondary, label: truncateText(b.label, LABEL_LIMIT), custom_id: ids[r]![i]!,
    })),
  }));
}
