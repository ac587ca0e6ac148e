/**
 * Digests: the figures of one department (or all) over a period, each against the period before,
 * rendered for a staff chat or the management chat. Other features add sections (survey results).
 * The figures are read first (async, on the running unit's handle); the texts are then rendered
 * from them synchronously, in each reader's language (the outbox renders per recipient).
 */
import { findDepartment, type Config } from '../../config.js';
import type { Q } from '../../db/client.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { pick, tr, type Locale } from '../../core/i18n.js';
import { checkPlace } from '../../core/buildings.js';
import { formatDateTime } from '../../core/time.js';
import { categoryLabel } from '../tickets/tickets.render.js';
import { digestMessages } from './digests.messages.js';
import { openByDepartment, periodAggregates, type Period } from './digests.repo.js';
import { createSmallNumbers } from './small-numbers.js';

export interface Figures {
  created: number;
  resolved: number;
  open: number;
  overdue: number;
  firstResponseMs: number | null;
  resolutionMs: number | null;
  satisfaction: { mean: number | null; count: number };
  topCategories: { value: string; n: number }[];
  topBuildings: { value: string; n: number }[];
}

/**
 * More lines for a digest of `department` (null: all) over `period`: read on the digest's handle
 * while its figures are read, then rendered in each reader's language (no lines: none).
 */
export type DigestSection = (q: Q, department: string | null, period: Period) => Promise<SectionLines>;
/** A section's lines in a language, from what it read. */
export type SectionLines = (locale: Locale) => string[];

const m = (l: Locale) => tr(digestMessages, l);

/** The most frequent values (counts of the same value added up), most frequent first, ties by value. */
export function top(counted: { value: string; n: number }[], limit = 3): { value: string; n: number }[] {
  const counts = new Map<string, number>();
  for (const c of counted) counts.set(c.value, (counts.get(c.value) ?? 0) + c.n);
  return [...counts].map(([value, n]) => ({ value, n })).sort((a, b) => b.n - a.n || (a.value < b.value ? -1 : 1)).slice(0, limit);
}

export function previous(p: Period): Period {
  const len = p.to.getTime() - p.from.getTime();
  return { from: new Date(p.from.getTime() - len), to: p.from };
}

export function createDigestService(deps: { units: UnitRunner; config: Config; sections: () => DigestSection[] }) {
  const { units, config } = deps;
  const small = createSmallNumbers(config);

  /** The period's aggregates and the open tickets at its end: read once, sliced per department. */
  async function snapshot(p: Period, withOpen = true) {
    const q = units.q();
    return { agg: await periodAggregates(q, p, small.departments), open: withOpen ? await openByDepartment(q, p.to) : new Map<string, { open: number; overdue: number }>() };
  }
  type Snapshot = Awaited<ReturnType<typeof snapshot>>;

  function figuresOf(snap: Snapshot, dept: string | null): Figures {
    const { agg } = snap;
    const pickOne = <T>(m: Map<string, T>): T[] => (dept ? (m.has(dept) ? [m.get(dept)!] : []) : [...m.values()]);
    const sum = (m: Map<string, number>) => pickOne(m).reduce((a, n) => a + n, 0);
    const ratings = pickOne(agg.ratings).reduce((a, r) => ({ sum: a.sum + r.sum, count: a.count + r.count }), { sum: 0, count: 0 });
    const open = pickOne(snap.open);
    const merged = (xs: { dept: string; value: string; n: number }[]) => top(xs.filter((x) => !dept || x.dept === dept));
    return {
      created: sum(agg.created),
      resolved: sum(agg.resolved),
      open: open.reduce((a, o) => a + o.open, 0),
      overdue: open.reduce((a, o) => a + o.overdue, 0),
      firstResponseMs: agg.firstResponseMs.get(dept ?? '*') ?? null,
      resolutionMs: agg.resolutionMs.get(dept ?? '*') ?? null,
      satisfaction: { mean: ratings.count ? ratings.sum / ratings.count : null, count: ratings.count },
      // Mental-health cells of fewer than 5 people: merged into "other", left out of buildings (small-numbers.ts).
      topCategories: merged(small.categories(agg.categories, agg.people.categories)),
      topBuildings: merged(small.buildings(agg.buildings.filter((b) => checkPlace(b.value).ok), agg.people.buildings)), // a row from before places were checked is no key
    };
  }

  const figures = async (dept: string | null, p: Period): Promise<Figures> => figuresOf(await snapshot(p), dept);

  function duration(ms: number | null, l: Locale): string {
    if (ms === null) return m(l).none;
    const minutes = ms / 60_000;
    if (minutes < 60) return m(l).minutes({ n: Math.round(minutes) });
    if (minutes < 48 * 60) return m(l).hours({ n: (minutes / 60).toFixed(1) });
    return m(l).days({ n: (minutes / 1440).toFixed(1) });
  }

  const score = (v: number | null, l: Locale) => (v === null ? m(l).none : m(l).score({ v: v.toFixed(1) }));
  const periodText = (p: Period, l: Locale) => `${formatDateTime(p.from, config.campus.timezone, l)} – ${formatDateTime(p.to, config.campus.timezone, l)}`;

  /** The detailed lines of one scope: counts, medians, satisfaction, tops, other sections. */
  function detail(dept: string | null, l: Locale, snaps: Snapshots): string[] {
    const now = figuresOf(snaps.now, dept);
    const before = figuresOf(snaps.before, dept);
    const list = (xs: { value: string; n: number }[], label: (v: string) => string) => xs.map((x) => `${label(x.value)} ${x.n}`).join(m(l).listSep);
    return [
      m(l).created({ n: now.created, prev: before.created }),
      m(l).resolved({ n: now.resolved, prev: before.resolved }),
      m(l).openNow({ open: now.open, overdue: now.overdue }),
      m(l).firstResponse({ v: duration(now.firstResponseMs, l), prev: duration(before.firstResponseMs, l) }),
      m(l).resolution({ v: duration(now.resolutionMs, l), prev: duration(before.resolutionMs, l) }),
      m(l).satisfaction({ v: score(now.satisfaction.mean, l), n: now.satisfaction.count, prev: score(before.satisfaction.mean, l) }),
      ...(now.topCategories.length ? [m(l).topCategories({ list: list(now.topCategories, (c) => categoryLabel(c, l)) })] : []),
      ...(now.topBuildings.length ? [m(l).topBuildings({ list: list(now.topBuildings, (b) => b) })] : []),
      ...snaps.sections.flatMap((lines) => lines(l)),
    ];
  }

  /** One line per department, side by side, for management. */
  function byDepartment(snap: Snapshot, l: Locale): string[] {
    return config.departments.map((d) => {
      const f = figuresOf(snap, d.id);
      const n = (x: number) => small.count(d.id, x);
      return m(l).deptLine({
        dept: pick(d.name, l), created: n(f.created), resolved: n(f.resolved), open: n(f.open), overdue: n(f.overdue),
        first: duration(f.firstResponseMs, l), resolution: duration(f.resolutionMs, l),
        sat: small.hides(d.id, f.satisfaction.count) ? m(l).none : score(f.satisfaction.mean, l),
      });
    });
  }

  /** The period's figures and the one before's, and the other sections' reading of `dept` (null: all). */
  async function both(dept: string | null, p: Period) {
    const sections: SectionLines[] = [];
    for (const section of deps.sections()) sections.push(await section(units.q(), dept, p));
    return { now: await snapshot(p), before: await snapshot(previous(p), false), sections };
  }
  type Snapshots = Awaited<ReturnType<typeof both>>;

  /** A department's digest of `p`: its figures read now, rendered in each reader's language. */
  async function daily(dept: string, p: Period): Promise<(l: Locale) => string> {
    const snaps = await both(dept, p);
    return (l) => [m(l).dailyTitle({ dept: pick(findDepartment(config, dept)!.name, l), period: periodText(p, l) }), ...detail(dept, l, snaps)].join('\n');
  }

  /** Every department's digest of `p`, and one line per department: read now, rendered in each reader's language. */
  async function weekly(p: Period): Promise<(l: Locale) => string> {
    const snaps = await both(null, p);
    return (l) => [m(l).weeklyTitle({ period: periodText(p, l) }), ...detail(null, l, snaps), '', m(l).byDepartment, ...byDepartment(snaps.now, l)].join('\n');
  }

  /** /digest: the last 24 hours of the asker's departments, or the last 7 days of all for admins. */
  async function onDemand(depts: string[] | 'all', now: Date, l: Locale): Promise<string> {
    const to = new Date(now.getTime() + 1); // up to and including this moment
    if (depts === 'all') return (await weekly({ from: new Date(to.getTime() - 7 * 86_400_000), to }))(l);
    const p = { from: new Date(to.getTime() - 86_400_000), to };
    const texts: string[] = [];
    for (const d of depts) texts.push((await daily(d, p))(l));
    return texts.join('\n\n');
  }

  /** Whether a department had anything to report in the period (new, resolved or still open). */
  async function quiet(dept: string, p: Period): Promise<boolean> {
    const f = await figures(dept, p);
    return !f.created && !f.resolved && !f.open;
  }

  /** Whether nothing new happened in the period: no ticket created, resolved or rated (open ones may remain). */
  async function nothingNew(dept: string, p: Period): Promise<boolean> {
    const f = await figures(dept, p);
    return !f.created && !f.resolved && !f.satisfaction.count;
  }

  return { figures, daily, weekly, onDemand, quiet, nothingNew };
}

export type DigestService = ReturnType<typeof createDigestService>;
