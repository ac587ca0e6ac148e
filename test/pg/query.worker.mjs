// The worker of test/pg/query.ts: runs queries on PostgreSQL, on a connection kept per database, and wakes the waiting test.
import { parentPort } from 'node:worker_threads';
import pg from 'pg';

const { builtins } = pg.types;
// Values as the SQLite file gives them: counts as numbers, times as epoch ms, booleans as 0/1, JSON as its text.
const asSqlite = {
  [builtins.INT8]: Number,
  [builtins.NUMERIC]: Number,
  [builtins.FLOAT8]: Number,
  [builtins.TIMESTAMPTZ]: (v) => new Date(v).getTime(),
  [builtins.TIMESTAMP]: (v) => new Date(`${v}Z`).getTime(),
  [builtins.BOOL]: (v) => (v === 't' ? 1 : 0),
  // Compact, as JSON.stringify wrote it into SQLite (jsonb keeps object keys in an order of its own).
  [builtins.JSON]: (v) => JSON.stringify(JSON.parse(v)),
  [builtins.JSONB]: (v) => JSON.stringify(JSON.parse(v)),
};
const types = { getTypeParser: (oid, format) => asSqlite[oid] ?? pg.types.getTypeParser(oid, format) };

/**
 * A connection per database, kept between messages: a new one costs PostgreSQL a backend process,
 * and a test looking every few milliseconds (a probe, `until`) held the app's thread for as long.
 * An idle one closes after a while, or when its database is dropped (the pool then forgets it).
 */
const pools = new Map();
function poolFor(url) {
  let pool = pools.get(url);
  if (!pool) {
    pool = new pg.Pool({ connectionString: url, types, max: 1, idleTimeoutMillis: 2000 });
    pool.on('error', () => undefined); // an idle connection ended (its database dropped): the pool drops it
    pools.set(url, pool);
  }
  return pool;
}

// One message: statements run one after another on one connection, their rows returned in order.
parentPort.on('message', async ({ signal, port, url, statements }) => {
  let answer;
  let text = '';
  let client;
  let failed = false;
  try {
    client = await poolFor(url).connect();
    const rows = [];
    for (const s of statements) {
      text = s.text;
      rows.push((await client.query(s.text, s.params)).rows);
    }
    answer = { rows };
  } catch (e) {
    failed = true;
    answer = { error: `${e.message} (in: ${text})` };
  } finally {
    client?.release(failed); // after a failure the connection is closed, not kept (it may be broken)
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
