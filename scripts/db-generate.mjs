/**
 * npm run db:generate [-- --name <what>]: drizzle-kit generates the migration of each dialect
 * (one config per dialect, migrations/<dialect>/), with the same arguments, so that a schema
 * change is never generated for one store only.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const CONFIGS = ['drizzle.sqlite.config.ts', 'drizzle.pg.config.ts'];
const kit = fileURLToPath(new URL('../node_modules/drizzle-kit/bin.cjs', import.meta.url));

for (const config of CONFIGS) {
  console.log(`== ${config}`);
  execFileSync(process.execPath, [kit, 'generate', '--config', config, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
}
