/**
 * An attacker holding the database file of a closed anonymous survey run, trying to tell whose
 * response is whose. The attacker reads every table (they know who the members are and their
 * Telegram ids) and the raw bytes of the files (free space, WAL frames), and tries:
 *
 * - orders: responses ranked by how they are stored (rowid or ctid, position of their bytes in the file)
 *   against members ranked by when they were active (inbox rows, router claims, last seen,
 *   dialogue rows, outbox rows), matched rank by rank, forwards and backwards;
 * - evidence: anything that ties one member to part of an answer or to how far they got (button
 *   presses and texts left in the file's bytes next to a user id, dialogue rows, "finished"
 *   flags, reminders, outbox rows echoing an answer or counting questions), narrowing the
 *   responses that can be theirs.
 *
 * Scoring needs the truth, which only the test has: `owner` says whose a response is.
 */
import type { TestDatabase } from '../pg/app-store.js';

export interface Response {
  token: string;
  complete: boolean;
  /** Final answers by question id (null: skipped). */
  answers: Map<string, string | null>;
}

export interface AttackTarget {
  db: TestDatabase;
  /** What the store holds as bytes (test/pg/app-store.ts storedBytes): SQLite's file and its WAL; PostgreSQL's rows. */
  bytes: Buffer;
  /** The column that gives the order rows are stored in: SQLite's `rowid`, PostgreSQL's `ctid`. */
  stored: 'rowid' | 'ctid';
  runId: number;
  /**
   * Members in the order they really answered, which no attacker has: matched against how
   * responses are stored, it shows whether the storage follows arrival at all.
   */
  oracle?: number[];
}

export interface AttackReport {
  responses: number;
  /** Each ranking attack and how many responses it attributed to the right member. */
  orders: { attack: string; correct: number }[];
  /** Members for whom some evidence ruled out responses, and whether the survivors include theirs. */
  narrowed: { memberId: number; evidence: string[]; candidates: number; includesTheirs: boolean }[];
}

type Constraint = { evidence: string; fits: (r: Response) => boolean };

export function attack(target: AttackTarget, owner: (r: Response) => number | undefined): AttackReport {
  const { db, runId, stored } = target;
  const run = db.prepare('select opened_at, definition from survey_runs where id = ?').get(runId) as { opened_at: number; definition: string };
  const questions = (JSON.parse(run.definition) as { questions: { id: string; options?: { id: string; text: Record<string, string> }[] }[] }).questions;
  const responses = readResponses(db, runId);
  const people = new Map((db.prepare(`select member_id m, platform_user_id u, private_chat_id c from identities where platform = 'telegram'`).all() as
    { m: number; u: string; c: string | null }[]).map((r) => [Number(r.u), r.m]));
  const byChat = (chatKey: string) => people.get(Number(chatKey.replace(/^private:|^telegram:/, '')));

  // ---- rankings -------------------------------------------------------------------------------
  const responseOrders: [string, Response[]][] = [];
  const byToken = new Map(responses.map((r) => [r.token, r]));
  const tokens = (sql: string) => [...new Set(tryAll<{ token: string }>(db, sql, runId).map((r) => r.token))].flatMap((t) => byToken.get(t) ?? []);
  responseOrders.push([`survey_responses by ${stored}`, tokens(`select token from survey_responses where run_id = ? order by ${stored}`)]);
  responseOrders.push(['survey_responses as scanned', tokens('select token from survey_responses where +run_id = ?')]);
  responseOrders.push(['survey_answers as scanned', tokens('select token from survey_answers where +run_id = ?')]);
  responseOrders.push([`survey_answers by ${stored}`, tokens(`select token from survey_answers where run_id = ? order by ${stored}`)]);
  responseOrders.push(['token bytes in the file', byPosition(responses, target.bytes, (r) => [r.token])]);
  responseOrders.push(['text answer bytes in the file', byPosition(responses, target.bytes, (r) => [...r.answers.values()].filter((v): v is string => !!v && v.length > 3))]);
  for (const [name, list] of [...responseOrders]) responseOrders.push([`${name}, reversed`, [...list].reverse()]);

  const memberOrders: [string, number[]][] = [];
  const invited = new Set(tryAll<{ m: number }>(db, 'select member_id m from survey_deliveries where run_id = ?', runId).map((r) => r.m));
  const rank = (name: string, rows: { m: number | undefined; t: number }[]) => {
    const first = new Map<number, number>();
    const last = new Map<number, number>();
    for (const { m, t } of rows) {
      if (m === undefined || !invited.has(m) || t < run.opened_at - 86_400_000) continue; // a day earlier: times may be days
      first.set(m, Math.min(first.get(m) ?? Infinity, t));
      last.set(m, Math.max(last.get(m) ?? -Infinity, t));
    }
    memberOrders.push([`${name} (first)`, [...first].sort((a, b) => a[1] - b[1]).map(([m]) => m)]);
    memberOrders.push([`${name} (last)`, [...last].sort((a, b) => a[1] - b[1]).map(([m]) => m)]);
  };
  const inbox = tryAll<{ update_id: number; chat_key: string; received_at: number; done_at: number | null }>(db, 'select update_id, chat_key, received_at, done_at from telegram_inbox');
  rank('telegram_inbox received_at', inbox.map((r) => ({ m: byChat(r.chat_key), t: r.received_at })));
  rank('telegram_inbox done_at', inbox.map((r) => ({ m: byChat(r.chat_key), t: r.done_at ?? 0 })));
  const firstUpdate = Math.min(...inbox.filter((r) => r.received_at >= run.opened_at).map((r) => r.update_id));
  rank('telegram_inbox update_id', inbox.map((r) => ({ m: byChat(r.chat_key), t: r.update_id >= firstUpdate ? run.opened_at + r.update_id : 0 })));
  const claims = new Map(tryAll<{ update_id: string; at: number }>(db, 'select update_id, at from processed_updates').map((r) => [Number(r.update_id), r.at]));
  rank('processed_updates at, chat from the inbox', inbox.map((r) => ({ m: byChat(r.chat_key), t: claims.get(r.update_id) ?? 0 })));
  rank('identities.last_seen_at', tryAll<{ m: number; t: number }>(db, 'select member_id m, last_seen_at t from identities'));
  rank('members.created_at', tryAll<{ m: number; t: number }>(db, 'select id m, created_at t from members'));
  rank('conversations.updated_at', tryAll<{ m: number; t: number }>(db, 'select member_id m, updated_at t from conversations'));
  // Outbox rows of a member: addressed to them, or to their private chat (replies name only the chat).
  const chatOwner = new Map(tryAll<{ c: string; m: number }>(db, 'select private_chat_id c, member_id m from identities where private_chat_id is not null')
    .map((r) => [r.c, r.m]));
  const outbox = tryAll<{ id: number; m: number | null; chat: string | null; kind: string; payload: string; meta: string | null; created_at: number; updated_at: number }>(db,
    'select id, member_id m, chat_id chat, kind, payload, meta, created_at, updated_at from outbox')
    .map((r) => ({ ...r, m: r.m ?? (r.chat === null ? null : chatOwner.get(r.chat) ?? null) }))
    .filter((r) => r.m !== null);
  const notInvites = outbox.filter((r) => r.kind !== 'survey.invite');
  rank('outbox created_at', notInvites.map((r) => ({ m: r.m ?? undefined, t: r.created_at })));
  rank('outbox updated_at', outbox.map((r) => ({ m: r.m ?? undefined, t: r.updated_at })));
  rank('outbox id', notInvites.map((r) => ({ m: r.m ?? undefined, t: run.opened_at + r.id })));

  if (target.oracle) memberOrders.push(['the true order of arrival (oracle)', target.oracle]);
  const orders: AttackReport['orders'] = [];
  for (const [rName, rList] of distinct(responseOrders, (r) => r.token)) {
    for (const [mName, mList] of distinct(memberOrders, String)) {
      const n = Math.min(rList.length, mList.length);
      let correct = 0;
      for (let i = 0; i < n; i++) if (owner(rList[i]!) === mList[i]) correct++;
      orders.push({ attack: `${rName} × ${mName}`, correct });
    }
  }

  // ---- evidence -------------------------------------------------------------------------------
  const constraints = new Map<number, Constraint[]>();
  const add = (m: number | undefined, c: Constraint) => m !== undefined && constraints.set(m, [...(constraints.get(m) ?? []), c]);
  const text = target.bytes.toString('latin1');
  const idOf = (match: RegExpMatchArray | undefined) => (match ? people.get(Number(match[1])) : undefined);
  // Button presses left in the file: `"data":"surveys:a:<run>:<q>:<value>"` after the callback query's
  // `"from":{..."id":<user>}` or its message's `"chat":{"id":<user>`, whichever is nearer.
  for (const hit of text.matchAll(/"data":"surveys:([at]):(\d+):(\d+):([^"]*)"/g)) {
    const q = questions[Number(hit[3])]?.id;
    if (Number(hit[2]) !== runId || !q || /"label":"[^"]*",$/.test(text.slice(hit.index! - 80, hit.index!))) continue; // a button the bot offered
    const value = hit[4] === '-' ? null : hit[4]!;
    const fits = hit[1] === 'a' ? (r: Response) => r.answers.get(q) === value : (r: Response) => (r.answers.get(q) ?? '').includes(value ?? '\u0000');
    const before = [...text.slice(Math.max(0, hit.index! - 6000), hit.index!).matchAll(/"callback_query":\{"id":"\d+","from":\{[^{}]*"id":(\d+)|"chat":\{"id":(\d+)/g)]
      .map((x) => [x[0], x[1] ?? x[2]] as RegExpMatchArray).at(-1);
    add(idOf(before), { evidence: `press ${hit[1]}:${q}=${value} in the file's bytes`, fits });
  }
  // Typed answers left in the file inside a message update: `"chat":{"id":<user>,...},"date":...,"text":"<answer>"`.
  for (const r of responses) {
    for (const [q, v] of r.answers) {
      if (!v || v.length < 4 || /^[\d[\]",a-z]*$/.test(v)) continue;
      const needle = Buffer.from(JSON.stringify(v).slice(1, -1)).toString('latin1').replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      for (const hit of text.matchAll(new RegExp(`"chat":\\{"id":(\\d+)[^{}]*\\},"date":\\d+,"text":"${needle}"`, 'g'))) {
        add(idOf(hit), { evidence: `text of ${q} in a message update in the file's bytes`, fits: (x) => x.answers.get(q) === v });
      }
    }
  }
  // A survey dialogue in progress: the member answered exactly the questions before `index`.
  for (const row of tryAll<{ m: number; feature: string; data: string }>(db, 'select member_id m, feature, data from conversations')) {
    const data = JSON.parse(row.data) as { runId?: number; index?: number };
    if (row.feature !== 'surveys' || data.runId !== runId || data.index === undefined) continue;
    const before = questions.slice(0, data.index).map((q) => q.id);
    add(row.m, { evidence: `dialogue at question ${data.index + 1}`, fits: (r) => r.answers.size === before.length && before.every((q) => r.answers.has(q)) });
  }
  // Finished flags, when they agree with the number of complete responses.
  const flags = tryAll<{ m: number; responded: number }>(db, 'select member_id m, responded from survey_deliveries where run_id = ?', runId);
  if (flags.filter((d) => d.responded).length === responses.filter((r) => r.complete).length) {
    for (const d of flags) add(d.m, { evidence: d.responded ? 'finished flag' : 'not-finished flag', fits: (r) => r.complete === !!d.responded });
  }
  // Messages the bot owed a member since the run opened: each answer is followed by one (the next
  // question, a tick, the thanks), so a member sent n of them answered at most n questions.
  const owed = new Map<number, number>();
  for (const row of notInvites) if (row.m !== null && row.created_at >= run.opened_at) owed.set(row.m, (owed.get(row.m) ?? 0) + 1);
  const answered = responses.reduce((n, r) => n + r.answers.size, 0);
  for (const m of [...owed.values()].reduce((a, b) => a + b, 0) >= answered ? invited : []) { // when the rows are there at all
    const n = owed.get(m) ?? 0;
    add(m, { evidence: `${n} messages owed since the run opened`, fits: (r) => r.answers.size <= n });
  }
  // Outbox rows: a reminder means "had not finished"; a payload may echo ticks, texts or progress.
  for (const row of outbox) {
    const meta = row.meta ? (JSON.parse(row.meta) as { runId?: number }) : {};
    const m = row.m ?? undefined;
    if (/survey\.(reminder|check)/.test(row.kind) && meta.runId === runId) add(m, { evidence: `${row.kind} row`, fits: (r) => !r.complete });
    const payload = JSON.parse(row.payload) as { text?: string; buttons?: { label: string; data: string }[][] };
    for (const b of payload.buttons?.flat() ?? []) {
      const tick = /^surveys:t:(\d+):(\d+):(.+)$/.exec(b.data);
      if (!tick || Number(tick[1]) !== runId || !b.label.startsWith('✓')) continue;
      const q = questions[Number(tick[2])]!.id;
      add(m, { evidence: `outbox payload ticks ${tick[3]}`, fits: (r) => (r.answers.get(q) ?? '').includes(tick[3]!) });
    }
    for (const r of responses) {
      for (const [q, v] of r.answers) {
        if (v && v.length >= 4 && payload.text?.includes(v)) add(m, { evidence: `outbox payload echoes ${q}`, fits: (x) => x.answers.get(q) === v });
      }
    }
  }

  const narrowed: AttackReport['narrowed'] = [];
  for (const [memberId, list] of constraints) {
    const left = responses.filter((r) => list.every((c) => c.fits(r)));
    if (left.length === responses.length) continue;
    narrowed.push({ memberId, evidence: [...new Set(list.map((c) => c.evidence))], candidates: left.length, includesTheirs: left.some((r) => owner(r) === memberId) });
  }
  return { responses: responses.length, orders: orders.sort((a, b) => b.correct - a.correct), narrowed: narrowed.sort((a, b) => a.memberId - b.memberId) };
}

/** The orders that differ (named after the first that gave each), leaving out empty ones. */
function distinct<T>(orders: [string, T[]][], id: (x: T) => string): [string, T[]][] {
  const seen = new Map<string, [string, T[]]>();
  for (const [name, list] of orders) {
    const key = list.map(id).join(',');
    if (list.length && !seen.has(key)) seen.set(key, [name, list]);
  }
  return [...seen.values()];
}

function readResponses(db: TestDatabase, runId: number): Response[] {
  const rows = db.prepare('select token, complete from survey_responses where run_id = ?').all(runId) as { token: string; complete: number }[];
  const answers = db.prepare('select token, question_id q, value from survey_answers where run_id = ? and final').all(runId) as { token: string; q: string; value: string | null }[];
  return rows.map((r) => ({ token: r.token, complete: !!r.complete, answers: new Map(answers.filter((a) => a.token === r.token).map((a) => [a.q, a.value])) }));
}

/** Responses ordered by where the first of their strings sits in the raw bytes (those not found are left out). */
function byPosition(responses: Response[], bytes: Buffer, strings: (r: Response) => string[]): Response[] {
  const at = (r: Response) => Math.min(...strings(r).map((s) => bytes.indexOf(Buffer.from(s))).filter((i) => i >= 0));
  return responses.map((r) => ({ r, i: at(r) })).filter((x) => Number.isFinite(x.i)).sort((a, b) => a.i - b.i).map((x) => x.r);
}

/** A query that may name a table or column a later schema dropped: nothing then. */
function tryAll<T>(db: TestDatabase, sql: string, ...params: unknown[]): T[] {
  try {
    return db.prepare(sql).all(...params) as T[];
  } catch {
    return [];
  }
}
