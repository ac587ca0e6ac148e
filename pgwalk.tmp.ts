import { writeFileSync } from 'node:fs';
import { benchPostgres } from './bench/pg-server.js';
const pg = await benchPostgres();
writeFileSync('/tmp/walk/pg-url', pg.url);
console.log('ready', pg.url);
process.on('SIGTERM', async () => { await pg.stop(); process.exit(0); });
setInterval(() => {}, 1 << 30);
