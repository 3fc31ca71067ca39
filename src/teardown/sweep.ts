import { systemClock } from "../clock.js";
import { LABEL } from "../plan/labels.js";
import { retry } from "../retry.js";
import type { Resource, Runtime } from "../runtime/runtime.js";
import { removeAll, type Removal } from "./remove-all.js";

export interface SweepOptions {
  runId?: string;
  olderThanMs?: number;
  now?: number;
  /** Pause between the tries at what would not go yet (default 250 ms). */
  retryDelayMs?: number;
}

/** How long a killed run's last removals get to finish before what is left counts as a failure. */
const SETTLE_MS = 5_000;

export type SweepReport = Removal<Resource>;

/**
 * `lab clean`: removes what lab created and left behind (a killed run), found by label on
 * the engine. Only resources carrying `io.lab.run` are ever touched.
 *
 * Right after a kill (or a second Ctrl-C) the engine may still be carrying out the run's
 * own last requests: a container is refused with "removal … is already in progress", and
 * its network cannot go until it has. So what fails is looked at again, briefly: what
 * has gone meanwhile counts as removed, what is still there is tried once more.
 */
export async function sweep(runtime: Runtime, o: SweepOptions = {}): Promise<SweepReport> {
  const now = o.now ?? Date.now();
  const found = (await runtime.list({ [LABEL.run]: o.runId })).filter(
    (r) => r.labels[LABEL.run] !== undefined && (o.olderThanMs === undefined || now - r.created.getTime() >= o.olderThanMs),
  );
  const report: SweepReport = { removed: [], failures: [] };
  let pending = found;
  let attempt = 0;
  const delay = o.retryDelayMs ?? 250;
  await retry(
    async () => {
      if (attempt++ > 0) {
        const still = new Set((await runtime.list({ [LABEL.run]: o.runId })).map((r) => r.id));
        report.removed.push(...pending.filter((r) => !still.has(r.id)));
        pending = pending.filter((r) => still.has(r.id));
      }
      const pass = await removeAll(pending, runtime);
      report.removed.push(...pass.removed);
      report.failures = pass.failures;
      pending = pass.failures.map((f) => f.resource);
      return pending.length;
    },
    { clock: systemClock, timeoutMs: SETTLE_MS, intervalMs: delay, maxIntervalMs: delay, done: (left) => left === 0 },
  );
  return report;
}
