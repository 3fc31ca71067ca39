import type { Reporter, RunEvent } from "./events.js";

/**
 * A reporter that can no longer write (its pipe closed, its disk full) must never stop the
 * run, and above all not its teardown: the first failure silences that reporter, says so
 * once through `warn`, and the run goes on with the others.
 */
export function guardedReporter(inner: Reporter, warn: (message: string) => void): Reporter & { failed(): boolean } {
  let broken = false;
  const fail = (error: unknown): void => {
    if (broken) return;
    broken = true;
    warn(`lab: a reporter cannot write (${(error as Error)?.message ?? String(error)}); it stops; the run and its teardown go on\n`);
  };
  return {
    failed: () => broken,
    onEvent(event: RunEvent): void {
      if (broken) return;
      try {
        inner.onEvent(event);
      } catch (error) {
        fail(error);
      }
    },
    async close(): Promise<void> {
      if (broken || !inner.close) return;
      try {
        await inner.close();
      } catch (error) {
        fail(error);
      }
    },
  };
}
