/** What identifies a run's messages and a member's response, and a run's definition. */
import { createHash } from 'node:crypto';
import type { RunRow } from './surveys.repo.js';
import type { SurveyDef } from './surveys.schema.js';

/** Outbox keys: `survey:<run>:invite:<member>`, so `survey:<run>:invite:` counts a run's invitations. */
export const inviteKey = (runId: number, memberId: number) => `survey:${runId}:invite:${memberId}`;
export const invitePrefix = (runId: number) => `survey:${runId}:invite:`;
export const runDef = (run: RunRow) => run.definition as unknown as SurveyDef;

/** The response token of a member in an open run; undefined once the run closed and its key is gone. */
export function tokenFor(run: RunRow, memberId: number): string | undefined {
  return run.tokenKey ? createHash('sha256').update(`${run.tokenKey}:${memberId}`).digest('hex').slice(0, 32) : undefined;
}
