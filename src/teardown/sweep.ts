import { setTimeout as delay } from "node:timers/promises";
import { LABEL } from "../plan/labels.js";
import type { Resource, Runtime } from "../runtime/runtime.js";
import { removeAll } from "./remove-all.js";

export interface SweepOptions {
  runId?: string;
  olderThanMs?: number;
  now?: number;
  /** Pause between the tries at what would not go yet (default 250 ms). */
  retryDelayMs?: number;
}

/** Tries after the first: 20 pauses of 250 ms give a killed run's last removals 5 s to finish. */
const SETTLE_TRIES = 20;

export interface SweepReport {
  removed: Resource[];
  failures: { resource: Resource; message: string }[];
}

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
  const report = await removeAll(found, runtime);
  for (let i = 0; i < SETTLE_TRIES && report.failures.length > 0; i++) {
    await delay(o.retryDelayMs ?? 250);
    const still = new Set((await runtime.list({ [LABEL.run]: o.runId })).map((r) => r.id));
    const failed = report.failures.splice(0).map((f) => f.resource);
    report.removed.push(...failed.filter((r) => !still.has(r.id)));
    const again = await removeAll(failed.filter((r) => still.has(r.id)), runtime);
    report.removed.push(...again.removed);
    report.failures.push(...again.failures);
  }
  return report;
}
