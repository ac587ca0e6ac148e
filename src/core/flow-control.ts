import type { Db } from '../db/client.js';
import type { FlowControl, FlowState } from './feature.js';
import { deleteFlow, getFlow, saveFlow } from './flows.repo.js';
import type { StepOutcome } from './steps.js';
import { closeStep, insertStep } from './steps.repo.js';

/**
 * A member's dialogue state, read at most once per message (when first asked for: most commands
 * and buttons never ask) and written through to SQLite. Moving the dialogue on (`start`) or ending
 * it closes the step its buttons belonged to, so their later presses are stale (core/steps.ts).
 */
export function createFlowControl(db: Db, memberId: number, now: Date): FlowControl {
  let current: FlowState | null | undefined; // undefined: not read yet
  const read = () => (current === undefined ? (current = getFlow(db, memberId)) : current);
  const closeCurrent = (outcome: StepOutcome | null) => {
    const step = read()?.stepId;
    if (step !== undefined) closeStep(db, step, outcome, now);
  };
  return {
    get current() {
      return read();
    },
    start(feature, name, data) {
      closeCurrent(null);
      current = { feature, name, data: data as FlowState['data'] };
      saveFlow(db, memberId, current, now);
    },
    update(data) {
      if (!read()) return;
      current = { ...current!, data: data as FlowState['data'] };
      saveFlow(db, memberId, current, now);
    },
    end(outcome) {
      closeCurrent(outcome ?? null);
      current = null;
      deleteFlow(db, memberId);
    },
    step() {
      const flow = read();
      if (!flow) throw new Error('no dialogue in progress to ask a step of');
      if (flow.stepId === undefined) {
        current = { ...flow, stepId: insertStep(db, memberId, flow.feature, null, now) };
        saveFlow(db, memberId, current, now);
      }
      return current!.stepId!;
    },
  };
}
