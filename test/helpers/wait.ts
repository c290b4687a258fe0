/**
 * Polls until `check` returns a value (not undefined, null or false: a repository's "not there
 * yet" is null), or fails after `timeoutMs` saying what it waited for.
 */
export async function waitFor<T>(what: string, check: () => T | undefined | null | false | Promise<T | undefined | null | false>, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      // A loop held up past the deadline (a busy machine) wakes in the timers phase, before the
      // I/O that may have arrived meanwhile: let that I/O run, then take one last look.
      await new Promise((r) => setImmediate(r));
      const last = await check();
      if (last !== undefined && last !== null && last !== false) return last;
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * How long a test gives a device to be shown offline after an unplug. On a station the driver
 * notices within 2 s (the port's hangup, the socket's close, a failed read: events, not a timer);
 * a test machine running other suites beside this one can hold the test's event loop, socat or
 * libuv's thread pool up for longer than that, and a test must not depend on timing (CI failed
 * once at 2 s, in cycle 9 of twenty socat unplugs). The tests check the event path by the detail.
 */
export const UNPLUG_NOTICED_MS = 10_000;

/** Today in the station's local calendar (the days reports and the dashboard count in). */
export function localToday(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
