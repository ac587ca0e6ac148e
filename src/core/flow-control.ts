import type { Q } from '../db/client.js';
import type { FlowControl, FlowState } from './feature.js';
import { deleteFlow, getFlow, saveFlow } from './flows.repo.js';
import type { StepOutcome } from './steps.js';
import { closeStep, insertStep } from './steps.repo.js';

/**
 * A member's dialogue state, read at most once per message (when first asked for: most commands
 * and buttons never ask) and written through to the database on the unit's handle `q`. Moving the
 * dialogue on (`start`) or ending it closes the step its buttons belonged to, so their later
 * presses are stale (core/steps.ts).
 */
export function createFlowControl(q: Q, memberId: number, now: Date): FlowControl {
  let current: FlowState | null | undefined; // undefined: not read yet
  const read = async () => (current === undefined ? (current = await getFlow(q, memberId)) : current);
  const closeCurrent = async (outcome: StepOutcome | null) => {
    const step = (await read())?.stepId;
    if (step !== undefined) await closeStep(q, step, outcome, now);
  };
  return {
    current: read,
    async start(feature, name, data) {
      await closeCurrent(null);
      current = { feature, name, data: data as FlowState['data'] };
      await saveFlow(q, memberId, current, now);
    },
    async update(data) {
      const flow = await read();
      if (!flow) return;
      current = { ...flow, data: data as FlowState['data'] };
      await saveFlow(q, memberId, current, now);
    },
    async end(outcome) {
      await closeCurrent(outcome ?? null);
      current = null;
      await deleteFlow(q, memberId);
    },
    async step() {
      const flow = await read();
      if (!flow) throw new Error('no dialogue in progress to ask a step of');
      if (flow.stepId === undefined) {
        current = { ...flow, stepId: await insertStep(q, memberId, flow.feature, null, now) };
        await saveFlow(q, memberId, current, now);
      }
      return current!.stepId!;
    },
  };
}
