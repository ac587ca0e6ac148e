/**
 * Waits for a condition that no event announces (rows another process or a worker writes, a
 * child process's state): re-checks it every few milliseconds and fails after `timeoutMs` with
 * `why()`. Tests wait for conditions like this instead of sleeping a fixed time.
 */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5000, why: () => string = () => ''): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms\n${why()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
