/**
 * Key rotation: texts sealed under an older data key (one still loaded) are sealed again under
 * the current one, a batch an hour, so that once no row names the old key it can be removed from
 * the key file. Rows of a key that is not loaded any more are left as they are.
 */
import type { Logger } from 'pino';
import type { CronJob } from '../../core/feature.js';
import { SealError, type Sealer } from '../../core/sealing.js';
import type { UnitRunner } from '../../core/unit-of-work.js';
import { resealed, sealedUnder } from './cases.repo.js';
import { revealContext, sealContext } from './cases.service.js';

const BATCH = 500;
const contextOf = (table: 'messages' | 'reveals', caseId: number) => (table === 'messages' ? sealContext(caseId) : revealContext(caseId));

/** Runs as a unit of its own (the scheduler's), on its handle. */
export function rekeyJob(deps: { units: UnitRunner; sealer: Sealer; log: Logger }): CronJob {
  return {
    name: 'cases.rekey',
    cron: '41 * * * *',
    async run() {
      const older = deps.sealer.keyIds.filter((id) => id !== deps.sealer.keyId);
      let damaged = 0;
      for (const row of await sealedUnder(deps.units.q(), older, BATCH)) {
        const context = contextOf(row.table, row.caseId);
        try {
          await resealed(deps.units.q(), row.table, row.id, deps.sealer.keyId, deps.sealer.seal(deps.sealer.open(row.sealed, context), context));
        } catch (err) {
          if (!(err instanceof SealError)) throw err;
          damaged++;
        }
      }
      if (damaged) deps.log.warn({ rows: damaged }, 'case texts that do not open under their key were left as they are');
    },
  };
}
