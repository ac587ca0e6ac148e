/** The runner's stop: the first signal, and a bound on how long stopping may take. */
import type { Logger } from 'pino';

/**
 * Resolves with the first SIGINT or SIGTERM. A second signal exits at once (130), unless it is
 * the same one relayed by a wrapper (npm, tsx) right after the first.
 */
export function stopSignal(log: Logger): Promise<string> {
  return new Promise((resolve) => {
    const onSignal = (signal: string) => {
      process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
      log.info({ signal }, 'shutting down');
      const first = Date.now();
      const again = () => Date.now() - first > 1000 && process.exit(130);
      process.on('SIGINT', again).on('SIGTERM', again);
      resolve(signal);
    };
    process.on('SIGINT', onSignal).on('SIGTERM', onSignal);
  });
}

/** Runs `stop` for at most `ms`: true when it finished in time (a failure is logged and counts as finished). */
export async function within(ms: number, log: Logger, stop: () => Promise<void>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = stop().then(() => true, (err: unknown) => (log.error({ err }, 'stopping failed'), true));
  const finished = await Promise.race([done, bound]);
  clearTimeout(timer);
  if (!finished) log.warn({ flushSeconds: ms / 1000 }, 'flush bound reached: what was not sent yet is sent at the next start');
  return finished;
}
