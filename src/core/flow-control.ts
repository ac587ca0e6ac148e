import type { Db } from '../db/client';
import type { FlowControl, FlowState } from './feature';
import { deleteFlow, getFlow, saveFlow } from './flows.repo';

/** A member's dialogue state, read once per message and written through to SQLite. */
export function createFlowControl(db: Db, memberId: number, now: Date): FlowControl {
  let current: FlowState | null = getFlow(db, memberId);
  return {
    get current() {
      return current;
    },
    start(feature, name, data) {
      current = { feature, name, data };
      saveFlow(db, memberId, current, now);
    },
    update(data) {
      if (!current) return;
      current = { ...current, data };
      saveFlow(db, memberId, current, now);
    },
    end() {
      current = null;
      deleteFlow(db, memberId);
    },
  };
}
