/**
 * The repair form: `/repair` used without text opens a modal (interaction callback type 9, which
 * Discord accepts only as the first answer) asking where (building and room), what (the item) and
 * what is wrong, with labels in the caller's language. Its submission (MODAL_SUBMIT) becomes the
 * command line the tickets feature already reads, `/repair <place> <item> <description>`, so the
 * intake does the rest as on any platform: it reads the place, asks for what is missing or
 * unclear, and answers a too-long text as it does anywhere. The modal itself changes nothing, so
 * it is opened at once, outside the inbox; its submission is an event like any other.
 */
import {
  ComponentType, InteractionResponseType, InteractionType, Routes, TextInputStyle,
  type APIInteraction, type APIModalInteractionResponseCallbackData, type REST,
} from 'discord.js';
import { MAX_PLACE } from '../../core/buildings.js';
import { matchLocale, tr, type Locale } from '../../core/i18n.js';
import { discordMessages } from './discord.messages.js';

/** The custom id of the repair form (Discord allows 100 characters). */
export const REPAIR_FORM = 'yizhan:repair';

type Field = 'place' | 'item' | 'description';
const FIELDS: readonly Field[] = ['place', 'item', 'description'];

/**
 * What each field takes. The three are joined into one command line that the intake reads as a
 * description (at most 2,000 characters, tickets.limits.ts), so the lengths add up to that; a
 * building name has at most MAX_PLACE characters, the room comes after it. Discord's own cap is 4,000.
 */
export const FORM_LIMITS: Readonly<Record<Field, number>> = { place: 2 * MAX_PLACE, item: 60, description: 2000 - 2 * MAX_PLACE - 60 - 2 };
const REQUIRED: Readonly<Record<Field, boolean>> = { place: true, item: false, description: true };

/** A slash command that opens the repair form: /repair with no text. */
export function opensRepairForm(i: APIInteraction): boolean {
  if (i.type !== InteractionType.ApplicationCommand) return false;
  const data = i.data as { name: string; options?: { value?: unknown }[] };
  return data.name === 'repair' && !(data.options ?? []).some((o) => String(o.value ?? '').trim());
}

/** The repair form in `locale`. */
export function repairForm(locale: Locale): APIModalInteractionResponseCallbackData {
  const t = tr(discordMessages, locale);
  return {
    custom_id: REPAIR_FORM,
    title: t.formTitle,
    components: FIELDS.map((field) => ({
      type: ComponentType.Label, label: t.formLabel({ field }), description: t.formHint({ field }),
      component: {
        type: ComponentType.TextInput, custom_id: field, style: field === 'description' ? TextInputStyle.Paragraph : TextInputStyle.Short,
        required: REQUIRED[field], max_length: FORM_LIMITS[field], placeholder: t.formExample({ field }),
      },
    })),
  };
}

/** Opens the form as the interaction's first answer, in the caller's language (else `fallback`). */
export async function openRepairForm(rest: REST, i: APIInteraction, fallback: Locale): Promise<void> {
  const locale = matchLocale('locale' in i ? i.locale : undefined) ?? fallback;
  const body = { type: InteractionResponseType.Modal, data: repairForm(locale) };
  await rest.post(Routes.interactionCallback(i.id, i.token), { body, auth: false });
}

type SubmitComponent = { custom_id?: string; value?: unknown; component?: SubmitComponent; components?: SubmitComponent[] };

/** The values of a modal submission by custom id (in labels, or in the older action rows). */
function valuesOf(components: readonly SubmitComponent[] | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (c: SubmitComponent) => {
    if (c.custom_id !== undefined && typeof c.value === 'string') out.set(c.custom_id, c.value);
    if (c.component) visit(c.component);
    c.components?.forEach(visit);
  };
  components?.forEach(visit);
  return out;
}

/** The command line of a repair form's submission; undefined for any other modal. */
export function formCommandLine(i: APIInteraction): string | undefined {
  if (i.type !== InteractionType.ModalSubmit || i.data.custom_id !== REPAIR_FORM) return undefined;
  const values = valuesOf(i.data.components as readonly SubmitComponent[]);
  const said = FIELDS.map((f) => (values.get(f) ?? '').trim()).filter(Boolean);
  return ['/repair', ...said].join(' ');
}
