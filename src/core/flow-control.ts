import type { Db } from '../db/client.js';
import type { FlowControl, FlowState } from './feature.js';
import { deleteFlow, getFlow, saveFlow } from './flows.repo.js';

/**
 * A member's dialogue state, read at most once per message (when first asked for: most commands
 * and buttons never ask) and written through to SQLite.
 */
export function createFlowControl(db: Db, memberId: number, now: Date): FlowControl {
  let current: FlowState | null | undefined; // undefined: not read yet
  return {
    get current() {
      if (current === undefined) current = getFlow(db, memberId);
      return current;
    },
    start(feature, name, data) {
      current = { feature, name, data: data as FlowState['data'] };
      saveFlow(db, memberId, current, now);
    },
    update(data) {
      if (current === undefined) current = getFlow(db, memberId);
      if (!current) return;
      current = { ...current, data: data as FlowState['data'] };
      saveFlow(db, memberId, current, now);
    },
    end() {
      current = null;
      deleteFlow(db, memberId);
    },
  };
}
