/**
 * Config keys renamed since an earlier release. A config written with the old name still loads: the
 * value is read under the new name and the start logs a deprecation line saying what to write
 * instead (app.ts). Giving both names is an error naming the old key.
 */

interface Rename {
  /** Where the old key is, its last element the old name. */
  path: readonly string[];
  to: string;
  why: string;
}

const RENAMES: readonly Rename[] = [
  { path: ['privacy', 'retention', 'telegram_inbox_days'], to: 'inbox_days', why: 'it governs the Discord inbox too' },
];

export interface Renamed {
  raw: Record<string, unknown>;
  /** One line per old key found, saying what to write instead. */
  deprecated: string[];
  /** Old and new name both given. */
  problems: string[];
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `raw` with every old key moved to its new name (copies only what it changes). */
export function renameDeprecated(raw: Record<string, unknown>): Renamed {
  const out: Renamed = { raw, deprecated: [], problems: [] };
  for (const r of RENAMES) out.raw = renameOne(out.raw, r, out);
  return out;
}

function renameOne(raw: Record<string, unknown>, r: Rename, out: Renamed): Record<string, unknown> {
  const parents = r.path.slice(0, -1);
  const old = r.path[r.path.length - 1]!;
  const chain: Record<string, unknown>[] = [raw];
  for (const key of parents) {
    const next = chain[chain.length - 1]![key];
    if (!isMap(next)) return raw;
    chain.push(next);
  }
  const parent = chain[chain.length - 1]!;
  if (!(old in parent)) return raw;
  const where = parents.join('.');
  if (r.to in parent) {
    out.problems.push(`${where}.${old}: renamed ${r.to}; give only ${where}.${r.to}`);
    return raw;
  }
  out.deprecated.push(`config: ${where}.${old} is deprecated, write ${where}.${r.to} (${r.why}); read as ${where}.${r.to} for now`);
  const { [old]: value, ...rest } = parent;
  let rebuilt: Record<string, unknown> = { ...rest, [r.to]: value };
  for (let i = parents.length - 1; i >= 0; i--) rebuilt = { ...chain[i]!, [parents[i]!]: rebuilt };
  return rebuilt;
}
