import { it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keepTestDatabase, keptCopy, openTestStore, rowsByTable } from '../pg/app-store.js';
import { simulate, say, person } from '../harness.js';
it('x', async () => {
  const base = join(mkdtempSync(join(tmpdir(), 'x-')), 'f.db');
  let t = performance.now();
  const lap = (what: string) => { const n = performance.now(); console.log(what, Math.round(n - t)); t = n; };
  await simulate([person('li', 'L'), say('li', '/help'), say('li', '/lang en')], { dbPath: base }); lap('fixture');
  const before = rowsByTable(base);
  await keepTestDatabase(base); lap('keep');
  for (let i = 0; i < 3; i++) {
    const p = await keptCopy(base); lap('copy');
    const s = await openTestStore(p); lap('open'); await s.close(); lap('close');
    await simulate([say('li', '/lang zh'), say('zz', '/help')], { dbPath: p }); lap('simulate');
    const after = rowsByTable(p); lap('rows');
    console.log('changed', [...after.keys()].filter((k) => JSON.stringify(after.get(k)) !== JSON.stringify(before.get(k))));
  }
  const p = await keptCopy(base);
  const after = rowsByTable(p);
  console.log('restored equal', [...after.keys()].filter((k) => JSON.stringify(after.get(k)) !== JSON.stringify(before.get(k))), after.size);
});
