// The worker of test/pg/query.ts: runs queries on PostgreSQL, one connection per message, and wakes the waiting test.
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

// One message: statements run one after another on one connection, their rows returned in order.
parentPort.on('message', async ({ signal, port, url, statements }) => {
  let answer;
  let text = '';
  const client = new pg.Client({ connectionString: url, types });
  try {
    await client.connect();
    const rows = [];
    for (const s of statements) {
      text = s.text;
      rows.push((await client.query(s.text, s.params)).rows);
    }
    answer = { rows };
  } catch (e) {
    answer = { error: `${e.message} (in: ${text})` };
  } finally {
    await client.end().catch(() => undefined);
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
