/**
 * The FAQ's use cases: the entries in use (config/faq.yaml, with the changes made in the chat over
 * it), answering a question (and remembering it, without who asked, for the digest), what the
 * asker pressed, and adding, editing and removing entries (staff: their department's; admins: any),
 * each change audited.
 *
 * The entries in use are kept in memory with their search index, so that understanding a message
 * (`answers`, called by the NLU layer for every message) stays synchronous and reads nothing.
 * `refresh` brings them up to date: the router runs it in each message's unit before the message is
 * understood, and it reads one row (the entries' stamp, faq.repo.ts) unless they changed; a change
 * made here refreshes them in its own unit, a change made by another instance sharing the database
 * is seen by the next message that instance handles.
 */
import { departmentByWord, findDepartment, listDepartments, type Config } from '../../config.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { hexId, type Rng } from '../../core/rng.js';
import type { RoleSet } from '../../core/roles.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { parseFaqForm } from './faq.form.js';
import { buildFaqIndex, type FaqIndex } from './faq.index.js';
import { isStrict, judge, type FaqVerdict } from './faq.match.js';
import { faqMessages } from './faq.messages.js';
import { entriesStamp, getAsk, insertAsk, saveEntry, storedEntries, updateAsk, type AskRow, type StoredEntryRow } from './faq.repo.js';
import { checkFaqEntry, type FaqEntry } from './faq.schema.js';

const m = (l: Locale) => tr(faqMessages, l);
/** Longer questions get a clear answer instead of a search (several questions at once, pasted text). */
export const MAX_QUESTION = 500;

export interface Actor {
  memberId: number;
  roles: RoleSet;
}

interface Catalog {
  entries: FaqEntry[];
  byId: Map<string, FaqEntry>;
  changed: Set<string>;
  index: FaqIndex;
}

export interface FaqDeps {
  /** Questions and changes run in the caller's unit (`units.q()`); `refresh` also outside one (`units.read`). */
  units: UnitRunner;
  config: Config;
  /** Draws the entries' stamp at each change. */
  rng: Rng;
}

/**
 * The index of a FAQ file's entries alone (no change stored), built once per loaded file: an app
 * starts by building it and then reads that nothing is stored, and several apps of one process
 * (the simulator, the tests) load the same configuration.
 */
const fileIndexes = new WeakMap<readonly FaqEntry[], FaqIndex>();
function fileIndex(file: readonly FaqEntry[]): FaqIndex {
  let index = fileIndexes.get(file);
  if (!index) fileIndexes.set(file, (index = buildFaqIndex(file)));
  return index;
}

export function createFaqService(deps: FaqDeps) {
  const { units, config } = deps;
  const file = config.faq ?? [];

  /** The entries in use: the file's, with the stored changes over them. */
  function build(rows: StoredEntryRow[]): Catalog {
    const byId = new Map(file.map((e) => [e.id, e]));
    for (const r of rows) {
      const checked = r.entry ? checkFaqEntry(r.entry) : undefined;
      if (r.removed) byId.delete(r.id);
      else if (checked && 'entry' in checked) byId.set(r.id, checked.entry);
    }
    const entries = [...byId.values()];
    return { entries, byId, changed: new Set(rows.map((r) => r.id)), index: rows.length ? buildFaqIndex(entries) : fileIndex(file) };
  }

  /** What the entries in use were built from: the stamp read with them (undefined: the file alone, nothing read yet). */
  let held: { stamp: string | null | undefined; catalog: Catalog } = { stamp: undefined, catalog: build([]) };
  const catalog = () => held.catalog;

  /**
   * Reads the stored entries again when their stamp is not the one they were built from (changed
   * here or by another instance, or a change undone); otherwise reads the stamp alone.
   */
  async function refresh(): Promise<void> {
    await units.read(async (q) => {
      const stamp = await entriesStamp(q);
      if (stamp !== held.stamp) held = { stamp, catalog: build(await storedEntries(q)) };
    });
  }

  const entry = (id: string) => catalog().byId.get(id);
  const deptName = (id: string, l: Locale) => { const d = findDepartment(config, id); return d ? pick(d.name, l) : id; };

  /** Searches the FAQ and remembers the question (without who asked); `text` is at most MAX_QUESTION characters. */
  async function ask(text: string, now: Date): Promise<{ askId: number; verdict: FaqVerdict }> {
    const v = judge(catalog().index, text);
    const entryId = v.kind === 'answer' ? v.best.id : v.kind === 'choices' ? v.choices[0]!.id : (v.near?.id ?? null);
    const askId = await insertAsk(units.q(), { at: now, text, entryId, outcome: v.kind === 'answer' ? 'answered' : v.kind, chosenId: null, helped: null });
    return { askId, verdict: v };
  }

  /** The department of the entry the FAQ answers a message with outright (`strict`: by the first rule alone, faq.match.ts). */
  function answers(text: string, strict = false): string | undefined {
    if ([...text].length > MAX_QUESTION) return undefined;
    const v = judge(catalog().index, text);
    return v.kind === 'answer' && (!strict || isStrict(v)) ? entry(v.best.id)?.department : undefined;
  }

  const askRow = (id: number): Promise<AskRow | undefined> => getAsk(units.q(), id);
  const chose = (askId: number, entryId: string) => updateAsk(units.q(), askId, { chosenId: entryId });
  const pressed = (askId: number, helped: boolean) => updateAsk(units.q(), askId, { helped });

  /** The departments an actor may change entries of; undefined: all (an admin). */
  const editable = (actor: Actor) => (actor.roles.isAdmin ? undefined : actor.roles.departments());
  const mayEdit = (actor: Actor, department: string) => editable(actor)?.includes(department) ?? true;

  function requireMine(actor: Actor, e: FaqEntry): void {
    if (!mayEdit(actor, e.department)) throw new AppError('faq.not_yours', (l) => m(l).notYours({ dept: deptName(e.department, l) }));
  }

  /** The department of a new entry: the one named (`dept:`), else the actor's only one. */
  function departmentFor(actor: Actor, word: unknown): string {
    if (typeof word === 'string' && word) {
      const d = departmentByWord(config, word);
      if (!d) throw new AppError('faq.unknown_department', (l) => m(l).unknownDept({ word, list: listDepartments(config, l) }));
      return d.id;
    }
    const mine = editable(actor) ?? config.departments.map((d) => d.id);
    if (mine.length === 1) return mine[0]!;
    throw new AppError('faq.which_department', (l) => m(l).whichDept({ list: listDepartments(config, l, config.departments.filter((d) => mine.includes(d.id))) }));
  }

  function checked(raw: Record<string, unknown>): FaqEntry {
    const r = checkFaqEntry(raw);
    if ('entry' in r) return r.entry;
    throw new AppError('faq.bad_entry', (l) => m(l).badForm({ problems: r.problems.map((p) => `• ${p}`).join('\n') }));
  }

  function parsed(args: string, mode: 'add' | 'edit') {
    const form = parseFaqForm(args, mode);
    if ('problems' in form) throw new AppError('faq.bad_entry', (l) => m(l).badForm({ problems: form.problems.map((p) => `• ${p}`).join('\n') }));
    return form;
  }

  /** Writes a change with its audit row and a new stamp, and brings the entries in use up to date in the same unit. */
  async function save(actor: Actor, action: string, e: FaqEntry | { id: string; department: string }, now: Date): Promise<void> {
    const whole = 'question' in e ? (e as unknown as Record<string, unknown>) : null;
    await units.atomic(async (q) => {
      await saveEntry(q, e.id, e.department, whole, hexId(deps.rng, 16), now);
      await writeAudit(q, { actorMemberId: actor.memberId, action, target: `faq:${e.id}`, detail: { department: e.department } }, now);
      await refresh();
    });
  }

  async function add(actor: Actor, args: string, now: Date): Promise<FaqEntry> {
    const { id, fields } = parsed(args, 'add');
    if (entry(id)) throw new AppError('faq.taken', (l) => m(l).taken({ id }));
    const e = checked({ ...fields, id, department: departmentFor(actor, fields.department) });
    requireMine(actor, e);
    await save(actor, 'faq.add', e, now);
    return e;
  }

  async function edit(actor: Actor, args: string, now: Date): Promise<FaqEntry> {
    const { id, fields } = parsed(args, 'edit');
    const old = existing(id);
    requireMine(actor, old);
    const department = fields.department === undefined ? old.department : departmentFor(actor, fields.department);
    const e = checked({ ...old, ...fields, id, department });
    requireMine(actor, e);
    await save(actor, 'faq.edit', e, now);
    return e;
  }

  async function remove(actor: Actor, id: string, now: Date): Promise<FaqEntry> {
    const old = existing(id);
    requireMine(actor, old);
    await save(actor, 'faq.remove', { id, department: old.department }, now);
    return old;
  }

  function existing(id: string): FaqEntry {
    const e = entry(id.trim());
    if (!e) throw new AppError('faq.not_found', (l) => m(l).notFound({ id: id.trim() || '?' }));
    return e;
  }

  return {
    refresh, entries: () => catalog().entries, changed: (id: string) => catalog().changed.has(id), entry, deptName, ask, answers, askRow, chose, pressed, add, edit, remove,
  };
}

export type FaqService = ReturnType<typeof createFaqService>;
