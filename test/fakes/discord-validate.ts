/**
 * The checks Discord makes on a message body before creating or editing it, answered with its
 * 400 Invalid Form Body (50035) naming the field, or 50006 for an empty message: content up to
 * 2,000 characters, at most 10 embeds, at most 5 action rows of at most 5 buttons (or one select
 * menu), custom ids of 1–100 characters unique within the message, labels up to 80, a nonce up to
 * 25 characters. Components come back with the numeric `id`s Discord assigns.
 */
import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import { errorBody } from './discord-http.js';
import { DiscordError, invalidFormBody } from './discord-types.js';

export interface MessageBody {
  content?: string;
  embeds?: unknown[];
  components?: APIActionRowComponent<APIComponentInMessageActionRow>[];
  nonce?: string | number;
  enforce_nonce?: boolean;
  flags?: number;
  message_reference?: { message_id: string; channel_id?: string; fail_if_not_exists?: boolean };
  allowed_mentions?: unknown;
}

const maxLength = (path: string, n: number) => invalidFormBody(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${n} or fewer in length.`);
const badLength = (path: string, a: number, b: number) => invalidFormBody(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${a} and ${b} in length.`);
const chars = (s: string): number => [...s].length;

/** Validates a create (`partial` false) or edit body; returns it typed. */
export function validateMessage(raw: unknown, partial: boolean, withFiles = false): MessageBody {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new DiscordError(400, errorBody('invalidJson'));
  const body = raw as MessageBody;
  if (body.content !== undefined && body.content !== null) {
    if (typeof body.content !== 'string') throw invalidFormBody('content', 'STRING_TYPE_CONVERT', 'Could not interpret value as string.');
    if (chars(body.content) > 2000) throw maxLength('content', 2000);
  }
  if (body.embeds && body.embeds.length > 10) throw maxLength('embeds', 10);
  if (body.components) validateComponents(body.components);
  if (body.nonce !== undefined && String(body.nonce).length > 25) throw maxLength('nonce', 25);
  const empty = !body.content && !body.embeds?.length && !body.components?.length && !withFiles;
  if (!partial && empty) throw new DiscordError(400, errorBody('emptyMessage'));
  return body;
}

function validateComponents(rows: APIActionRowComponent<APIComponentInMessageActionRow>[]): void {
  if (rows.length > 5) throw maxLength('components', 5);
  const ids = new Set<string>();
  rows.forEach((row, r) => {
    if (row.type !== 1) throw invalidFormBody(`components.${r}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
    const items = row.components ?? [];
    if (items.length < 1 || items.length > 5) throw badLength(`components.${r}.components`, 1, 5);
    if (items.length > 1 && items.some((c) => c.type !== 2)) throw maxLength(`components.${r}.components`, 1);
    items.forEach((c, i) => validateItem(c, `components.${r}.components.${i}`, ids));
  });
}

function validateItem(c: APIComponentInMessageActionRow, path: string, ids: Set<string>): void {
  const item = c as { custom_id?: string; label?: string; style?: number; url?: string; options?: { label: string; value: string }[] };
  if (c.type === 2 && item.style === 5) {
    if (!item.url) throw invalidFormBody(`${path}.url`, 'BASE_TYPE_REQUIRED', 'This field is required');
  } else {
    const id = item.custom_id;
    if (!id) throw invalidFormBody(`${path}.custom_id`, 'BASE_TYPE_REQUIRED', 'This field is required');
    if (chars(id) > 100) throw maxLength(`${path}.custom_id`, 100);
    if (ids.has(id)) throw invalidFormBody(`${path}.custom_id`, 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
    ids.add(id);
  }
  if (item.label !== undefined && chars(item.label) > 80) throw maxLength(`${path}.label`, 80);
  if (c.type === 3) {
    const options = item.options ?? [];
    if (options.length < 1 || options.length > 25) throw badLength(`${path}.options`, 1, 25);
  }
}

/** The components as Discord returns them: every component numbered in order, buttons with their style. */
export function numberComponents(rows: MessageBody['components']): MessageBody['components'] {
  if (!rows) return rows;
  let n = 0;
  return rows.map((row) => ({
    ...row, id: ++n,
    components: row.components.map((c) => ({ ...c, id: ++n })),
  })) as MessageBody['components'];
}

/** A text input of a modal, as the fake reads it back when a user submits the modal. */
export interface ModalInput {
  custom_id: string;
  required: boolean;
  min_length?: number;
  max_length?: number;
}

/**
 * Checks a modal (callback type 9) as Discord does: custom id 1–100 characters, title 1–45, 1–5
 * components, each a label (up to 45, description up to 100) holding a text input, or an action row
 * of one text input (the older form): custom id 1–100, lengths within 0–4,000 (max at least 1),
 * placeholder up to 100. Returns its text inputs.
 */
export function validateModal(raw: unknown): ModalInput[] {
  const m = (raw ?? {}) as { custom_id?: string; title?: string; components?: Record<string, unknown>[] };
  if (!m.custom_id || chars(m.custom_id) > 100) throw badLength('data.custom_id', 1, 100);
  if (!m.title || chars(m.title) > 45) throw badLength('data.title', 1, 45);
  const rows = m.components ?? [];
  if (rows.length < 1 || rows.length > 5) throw badLength('data.components', 1, 5);
  return rows.map((c, n) => {
    const path = `data.components.${n}`;
    if (c.type === 18 && (!c.label || chars(String(c.label)) > 45)) throw badLength(`${path}.label`, 1, 45);
    if (c.type === 18 && c.description !== undefined && chars(String(c.description)) > 100) throw maxLength(`${path}.description`, 100);
    const input = (c.type === 18 ? c.component : (c.components as unknown[] | undefined)?.[0]) as Record<string, unknown> | undefined;
    if ((c.type !== 18 && c.type !== 1) || input?.type !== 4) throw invalidFormBody(`${path}.type`, 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1, 18).');
    return textInput(input, c.type === 18 ? `${path}.component` : `${path}.components.0`);
  });
}

function textInput(c: Record<string, unknown>, path: string): ModalInput {
  const id = typeof c.custom_id === 'string' ? c.custom_id : '';
  if (!id || chars(id) > 100) throw badLength(`${path}.custom_id`, 1, 100);
  const min = c.min_length as number | undefined;
  const max = c.max_length as number | undefined;
  if (min !== undefined && (min < 0 || min > 4000)) throw invalidFormBody(`${path}.min_length`, 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
  if (max !== undefined && (max < 1 || max > 4000)) throw invalidFormBody(`${path}.max_length`, 'NUMBER_TYPE_MAX', 'int value should be less than or equal to 4000.');
  if (c.placeholder !== undefined && chars(String(c.placeholder)) > 100) throw maxLength(`${path}.placeholder`, 100);
  return { custom_id: id, required: c.required !== false, ...(min !== undefined ? { min_length: min } : {}), ...(max !== undefined ? { max_length: max } : {}) };
}
