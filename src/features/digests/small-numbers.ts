/**
 * Small numbers stay private (issue 14 point 12). A digest never breaks mental-health figures down
 * into a group of fewer than `privacy.min_group_size` people (default 5): in "top categories" such a
 * cell is merged into "other" (其他), in "top buildings" it is left out (a building has no "other"),
 * and in the management digest's line per department the counselling departments' counts from 1 to
 * 4 read "<5" and their satisfaction over fewer than 5 ratings reads "—". People are distinct reporters, not tickets: one student's three tickets are one person.
 * Mental-health cells: the category `mental_health`, and every ticket of the department that owns it
 * or that crisis alerts go to.
 */
import type { Config } from '../../config.js';

export interface Cell {
  dept: string;
  value: string;
  n: number;
}

/** Distinct reporters per `dept|value`, for the mental-health departments' cells. */
export type People = Map<string, number>;

export const peopleKey = (dept: string, value: string) => `${dept}|${value}`;

/** The departments whose tickets are mental-health cases: the owner of `mental_health` and the crisis department. */
export function sensitiveDepartments(config: Config): string[] {
  const owners = config.departments.filter((d) => d.categories.includes('mental_health')).map((d) => d.id);
  return [...new Set([...owners, config.crisis.department])];
}

export function createSmallNumbers(config: Config) {
  const min = config.privacy.min_group_size;
  const depts = new Set(sensitiveDepartments(config));
  const sensitive = (c: Cell, category: boolean) => depts.has(c.dept) || (category && c.value === 'mental_health');
  const small = (c: Cell, people: People) => (people.get(peopleKey(c.dept, c.value)) ?? c.n) < min;

  return {
    departments: [...depts],
    /** Category cells: a mental-health cell of fewer than `min` people counts as "other". */
    categories: (cells: Cell[], people: People): Cell[] =>
      cells.map((c) => (sensitive(c, true) && small(c, people) ? { ...c, value: 'other' } : c)),
    /** Building cells: a mental-health cell of fewer than `min` people is left out. */
    buildings: (cells: Cell[], people: People): Cell[] => cells.filter((c) => !(sensitive(c, false) && small(c, people))),
    /** A count on a mental-health department's line: "<5" from 1 to min - 1. */
    count: (dept: string, n: number): string => (depts.has(dept) && n > 0 && n < min ? `<${min}` : String(n)),
    /** Whether a mental-health department's figure over `n` people (a mean rating) must not be shown. */
    hides: (dept: string, n: number): boolean => depts.has(dept) && n > 0 && n < min,
  };
}

export type SmallNumbers = ReturnType<typeof createSmallNumbers>;
