/**
 * A synchronous query on a test app's PostgreSQL database, so that the tests' `query(path, sql)`
 * reads either store the same way: the statement runs in a worker thread while the test waits for it
 * (Atomics.wait). The SQL is the tests' SQLite SQL: `?` placeholders become `$1…`, aliases keep their
 * case (`as memberId`), and values come back as SQLite gives them (numbers, epoch ms, 0/1, JSON text).
 */
import { MessageChannel, Worker, receiveMessageOnPort } from 'node:worker_threads';

let worker: Worker | undefined;

/** Runs `sql` on the PostgreSQL database at `url`; returns its rows. */
export function pgQuerySync<T>(url: string, sql: string, params: unknown[]): T[] {
  return pgQueriesSync<T>(url, [{ sql, params }])[0]!;
}

/** Runs several queries on one connection to the database at `url` (one connect for all); returns the rows of each. */
export function pgQueriesSync<T>(url: string, queries: { sql: string; params?: unknown[] }[]): T[][] {
  if (!worker) {
    worker = new Worker(new URL('./query.worker.mjs', import.meta.url));
    worker.unref();
  }
  const signal = new Int32Array(new SharedArrayBuffer(4));
  const { port1, port2 } = new MessageChannel();
  const statements = queries.map((q) => ({ text: postgresSql(q.sql), params: q.params ?? [] }));
  worker.postMessage({ signal, port: port2, url, statements }, [port2]);
  if (Atomics.wait(signal, 0, 0, 30_000) === 'timed-out') throw new Error(`no answer from PostgreSQL in 30 s to: ${queries.map((q) => q.sql).join('; ')}`);
  const answer = receiveMessageOnPort(port1)?.message as { rows?: T[][]; error?: string };
  port1.close();
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.rows!;
}

/** SQLite's placeholders and aliases in PostgreSQL's words (string literals left alone). */
export function postgresSql(sql: string): string {
  let n = 0;
  return sql.split(/('(?:[^']|'')*')/).map((part, i) => (i % 2 ? part : part
    .replace(/\?/g, () => `$${++n}`)
    .replace(/\b[aA][sS]\s+([A-Za-z_]*[A-Z][A-Za-z0-9_]*)\b/g, (_m, alias: string) => `as "${alias}"`))).join('');
}
