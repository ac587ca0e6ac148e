import { it, inject } from 'vitest';
import { asSuperuser } from '../pg/db.js';
it('x', async () => {
  const server = inject('pgUrl'); const tpl = inject('pgTemplate');
  for (const strategy of ['wal_log', 'file_copy', 'wal_log', 'file_copy']) {
    let t = performance.now();
    for (let i = 0; i < 5; i++) await asSuperuser(server, `create database x_${strategy}_${i} template ${tpl} strategy ${strategy}`);
    const c = performance.now() - t; t = performance.now();
    for (let i = 0; i < 5; i++) await asSuperuser(server, `drop database x_${strategy}_${i} with (force)`);
    console.log('T', strategy, Math.round(c / 5), Math.round((performance.now() - t) / 5));
  }
  await asSuperuser(server, 'select version()');
});
