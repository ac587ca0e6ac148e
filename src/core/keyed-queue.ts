/**
 * Runs tasks one after another per key and concurrently across keys: one chat's messages are
 * handled in order, while different chats do not wait for each other.
 */
export interface KeyedQueue {
  run(key: string, task: () => Promise<void>): Promise<void>;
  /** Resolves when every queued task has finished. */
  idle(): Promise<void>;
}

export function createKeyedQueue(): KeyedQueue {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(task, task).catch(() => undefined);
      tails.set(key, next);
      void next.then(() => {
        if (tails.get(key) === next) tails.delete(key);
      });
      return next;
    },
    async idle() {
      while (tails.size) await Promise.all([...tails.values()]);
    },
  };
}
