/**
 * The FAQ's queries on both stores (issue 18): entries changed in the chat with the stamp that
 * tells instances sharing the database to read them again, and the questions asked (kept without
 * who asked, their texts erased after a while). The same repo functions and expectations on a
 * fresh SQLite database and on the tests' PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import {
  asksBetween, countAsks, entriesStamp, eraseAskTexts, getAsk, insertAsk, saveEntry, storedEntries, updateAsk,
} from '../../src/features/faq/faq.repo.js';
import { freshPgDatabase } from './db.js';
import { onBoth, STORES } from './on-both.js';

const on = onBoth(await freshPgDatabase());

const T0 = new Date(Date.UTC(2026, 2, 2, 1, 0, 0, 125));
const HOUR = 3_600_000;
const at = (hours: number) => new Date(T0.getTime() + hours * HOUR);
const GYM = { id: 'gym-hours', department: 'logistics', question: { 'zh-CN': '体育馆几点开门？', en: 'When is the gym open?' } };

describe.each(STORES)('the FAQ entries on %s', (store) => {
  it('keeps a change over the file\'s entry (a removal as no entry), and a new stamp with every change', () => on(store, async (q) => {
    expect(await entriesStamp(q)).toBeNull();
    expect(await storedEntries(q)).toEqual([]);
    await saveEntry(q, 'gym-hours', 'logistics', GYM, 'A1', at(0));
    expect(await entriesStamp(q)).toBe('A1');
    await saveEntry(q, 'canteen-hours', 'logistics', null, 'B2', at(1));
    await saveEntry(q, 'gym-hours', 'student_affairs', { ...GYM, department: 'student_affairs' }, 'C3', at(2));
    expect(await entriesStamp(q)).toBe('C3');
    expect((await storedEntries(q)).sort((x, y) => (x.id < y.id ? -1 : 1))).toEqual([
      { id: 'canteen-hours', department: 'logistics', entry: null, removed: true, updatedAt: at(1) },
      { id: 'gym-hours', department: 'student_affairs', entry: { ...GYM, department: 'student_affairs' }, removed: false, updatedAt: at(2) },
    ]);
  }));
});

describe.each(STORES)('the questions asked on %s', (store) => {
  it('are kept without who asked, with what was pressed, read by period newest first, and their texts erased after a while', () => on(store, async (q) => {
    const first = await insertAsk(q, { at: at(0), text: '体育馆几点开门', entryId: 'gym-hours', outcome: 'answered', chosenId: null, helped: null });
    const second = await insertAsk(q, { at: at(5), text: '食堂', entryId: 'canteen-hours', outcome: 'choices', chosenId: null, helped: null });
    const third = await insertAsk(q, { at: at(30), text: 'asdf', entryId: null, outcome: 'none', chosenId: null, helped: null });
    expect(first < second && second < third).toBe(true);
    await updateAsk(q, second, { chosenId: 'canteen-hours' });
    await updateAsk(q, second, { helped: false });
    expect(await getAsk(q, second)).toEqual({ id: second, at: at(5), text: '食堂', entryId: 'canteen-hours', outcome: 'choices', chosenId: 'canteen-hours', helped: false });
    expect(await getAsk(q, third + 1)).toBeUndefined();
    expect((await asksBetween(q, at(0), at(24))).map((a) => a.id)).toEqual([second, first]);
    expect(await countAsks(q)).toBe(3);
    expect(await eraseAskTexts(q, at(24))).toBe(2);
    expect(await eraseAskTexts(q, at(24))).toBe(0);
    expect((await asksBetween(q, at(0), at(48))).map((a) => [a.id, a.text])).toEqual([[third, 'asdf'], [second, null], [first, null]]);
  }));
});
