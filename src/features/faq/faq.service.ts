/**
 * The FAQ's use cases: the entries in use (config/faq.yaml, with the changes made in the chat over
 * it), answering a question (and remembering it, without who asked, for the digest), what the
 * asker pressed, and adding, editing and removing entries (staff: their department's; admins: any),
 * each change audited.
 */
import { departmentByWord, findDepartment, listDepartments, type Config } from '../../config.js';
import { writeAudit } from '../../core/audit.repo.js';
import { AppError } from '../../core/errors.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import type { RoleSet } from '../../core/roles.js';
import type { Db } from '../../db/client.js';
import { parseFaqForm } from './faq.form.js';
import { buildFaqIndex, type FaqIndex } from './faq.index.js';
import { isStrict, judge, type FaqVerdict } from './faq.match.js';
import { faqMessages } from './faq.messages.js';
import { entryVersions, getAsk, insertAsk, saveEntry, storedEntries, updateAsk, type AskRow } from './faq.repo.js';
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

export function createFaqService(deps: { db: Db; config: Config }) {
  const { db, config } = deps;
  const file = config.faq ?? [];
  let cache: { key: string; catalog: Catalog } | undefined;

  /** The entries in use; rebuilt when the rows changed (a rolled-back change too). */
  function catalog(): Catalog {
    const key = entryVersions(db);
    if (cache?.key === key) return cache.catalog;
    const rows = storedEntries(db);
    const byId = new Map(file.map((e) => [e.id, e]));
    for (const r of rows) {
      const checked = r.entry ? checkFaqEntry(r.entry) : undefined;
      if (r.removed) byId.delete(r.id);
      else if (checked && 'entry' in checked) byId.set(r.id, checked.entry);
    }
    const entries = [...byId.values()];
    cache = { key, catalog: { entries, byId, changed: new Set(rows.map((r) => r.id)), index: buildFaqIndex(entries) } };
    return cache.catalog;
  }

  const entry = (id: string) => catalog().byId.get(id);
  const deptName = (id: string, l: Locale) => { const d = findDepartment(config, id); return d ? pick(d.name, l) : id; };

  /** Searches the FAQ and remembers the question (without who asked); `text` is at most MAX_QUESTION characters. */
  function ask(text: string, now: Date): { askId: number; verdict: FaqVerdict } {
    const v = judge(catalog().index, text);
    const entryId = v.kind === 'answer' ? v.best.id : v.kind === 'choices' ? v.choices[0]!.id : (v.near?.id ?? null);
    const askId = insertAsk(db, { at: now, text, entryId, outcome: v.kind === 'answer' ? 'answered' : v.kind, chosenId: null, helped: null });
    return { askId, verdict: v };
  }

  /** The department of the entry the FAQ answers a message with outright (`strict`: by the first rule alone, faq.match.ts). */
  function answers(text: string, strict = false): string | undefined {
    if ([...text].length > MAX_QUESTION) return undefined;
    const v = judge(catalog().index, text);
    return v.kind === 'answer' && (!strict || isStrict(v)) ? entry(v.best.id)?.department : undefined;
  }

  const askRow = (id: number): AskRow | undefined => getAsk(db, id);
  const chose = (askId: number, entryId: string) => updateAsk(db, askId, { chosenId: entryId });
  const pressed = (askId: number, helped: boolean) => updateAsk(db, askId, { helped });

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

  function save(actor: Actor, action: string, e: FaqEntry | { id: string; department: string }, now: Date): void {
    const whole = 'question' in e ? (e as unknown as Record<string, unknown>) : null;
    cache = undefined; // two changes within one millisecond keep the same version key
    db.transaction((tx) => {
      saveEntry(tx, e.id, e.department, whole, now);
      writeAudit(tx, { actorMemberId: actor.memberId, action, target: `faq:${e.id}`, detail: { department: e.department } }, now);
    });
  }

  function add(actor: Actor, args: string, now: Date): FaqEntry {
    const { id, fields } = parsed(args, 'add');
    if (entry(id)) throw new AppError('faq.taken', (l) => m(l).taken({ id }));
    const e = checked({ ...fields, id, department: departmentFor(actor, fields.department) });
    requireMine(actor, e);
    save(actor, 'faq.add', e, now);
    return e;
  }

  function edit(actor: Actor, args: string, now: Date): FaqEntry {
    const { id, fields } = parsed(args, 'edit');
    const old = existing(id);
    requireMine(actor, old);
    const department = fields.department === undefined ? old.department : departmentFor(actor, fields.department);
    const e = checked({ ...old, ...fields, id, department });
    requireMine(actor, e);
    save(actor, 'faq.edit', e, now);
    return e;
  }

  function remove(actor: Actor, id: string, now: Date): FaqEntry {
    const old = existing(id);
    requireMine(actor, old);
    save(actor, 'faq.remove', { id, department: old.department }, now);
    return old;
  }

  function existing(id: string): FaqEntry {
    const e = entry(id.trim());
    if (!e) throw new AppError('faq.not_found', (l) => m(l).notFound({ id: id.trim() || '?' }));
    return e;
  }

  return { entries: () => catalog().entries, changed: (id: string) => catalog().changed.has(id), entry, deptName, ask, answers, askRow, chose, pressed, add, edit, remove };
}

export type FaqService = ReturnType<typeof createFaqService>;
