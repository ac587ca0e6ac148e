/**
 * Runs tasks one after another per key and concurrently across keys: one chat's messages are
 * handled in order, while different chats do not wait for each other.
 */
export interface KeyedQueue {
  /** Runs `task` after the earlier tasks of `key`; resolves with its value, or undefined when it failed. */
  run<T>(key: string, task: () => Promise<T>): Promise<T | undefined>;
  /** Resolves when every queued task has finished. */
  idle(): Promise<void>;
}

/** `failed` hears of each task that threw (the next task of its key runs all the same). */
export function createKeyedQueue(failed: (err: unknown) => void): KeyedQueue {
  const tails = new Map<string, Promise<unknown>>();
  return {
    run<T>(key: string, task: () => Promise<T>) {
      const previous = tails.get(key) ?? Promise.resolve();
      const next: Promise<T | undefined> = previous.then(task, task).catch((err: unknown) => void failed(err));
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
