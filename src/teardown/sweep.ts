import { systemClock, type Clock } from "../clock.js";
import { LABEL } from "../plan/labels.js";
import { ownerGone } from "../plan/owner.js";
import { retry } from "../retry.js";
import type { Resource, Runtime } from "../runtime/runtime.js";
import { removeAll, type Removal } from "./remove-all.js";

export interface SweepOptions {
  runId?: string;
  /** Every resource lab made, whoever owns it. Without it, `runId` or `olderThanMs`, only runs whose process is gone. */
  all?: boolean;
  /** Whether a run's owner is gone (default: its labels, checked on this host). */
  gone?: (labels: Record<string, string>) => boolean | undefined;
  olderThanMs?: number;
  now?: number;
  /** Pause between looks at the engine (default 250 ms). */
  retryDelayMs?: number;
  /** How long nothing new must appear before the sweep ends (default 2 s; none with `olderThanMs`). */
  quietMs?: number;
  clock?: Clock;
}

/** How long a killed run's last requests get to finish before what is left counts as a failure. */
const SETTLE_MS = 10_000;
const QUIET_MS = 2_000;

export type SweepReport = Removal<Resource> & {
  /** Resources left alone because their run's process still runs, or runs on another host, or is not recorded. */
  spared: Resource[];
};

/**
 * `lab clean`: removes what lab created and left behind (a killed run), found by label on
 * the engine. Only resources carrying `io.lab.run` are ever touched. Without options only
 * the runs whose process is gone: on a shared engine, another person's or another CI job's
 * live run is never swept from under it.
 *
 * Right after a kill (or a second Ctrl-C) the engine may still be carrying out the run's
 * own last requests. A removal in progress refuses a second one ("removal … is already in
 * progress"), and its network cannot go until it is done: what fails is looked at again,
 * and what has gone meanwhile counts as removed. A create in progress lands later still:
 * the engine finishes a request whose client is gone, and on a busy engine that has taken
 * over a second. So the sweep keeps looking until nothing new has appeared for `quietMs`.
 */
export async function sweep(runtime: Runtime, o: SweepOptions = {}): Promise<SweepReport> {
  const now = o.now ?? Date.now();
  const quietMs = o.quietMs ?? (o.olderThanMs === undefined ? QUIET_MS : 0);
  const byOwner = !o.all && o.runId === undefined && o.olderThanMs === undefined;
  const gone =
    o.gone ?? ((labels: Record<string, string>) => ownerGone({ host: labels[LABEL.ownerHost], pid: labels[LABEL.ownerPid], start: labels[LABEL.ownerStart] }));
  const spared = new Map<string, Resource>();
  const ours = (r: Resource): boolean => {
    if (r.labels[LABEL.run] === undefined) return false;
    if (o.olderThanMs !== undefined && now - r.created.getTime() < o.olderThanMs) return false;
    if (byOwner && gone(r.labels) !== true) {
      spared.set(r.id, r);
      return false;
    }
    return true;
  };
  const report: SweepReport = { removed: [], failures: [], spared: [] };
  const clock = o.clock ?? systemClock;
  const seen = new Set<string>();
  let pending: Resource[] = [];
  let lastNew = clock.now();
  const delay = o.retryDelayMs ?? 250;
  await retry(
    async () => {
      const listed = (await runtime.list({ [LABEL.run]: o.runId })).filter(ours);
      const lookedAt = clock.now();
      const still = new Set(listed.map((r) => r.id));
      report.removed.push(...pending.filter((r) => !still.has(r.id)));
      pending = pending.filter((r) => still.has(r.id));
      const fresh = listed.filter((r) => !seen.has(r.id));
      for (const r of fresh) seen.add(r.id);
      if (fresh.length > 0) lastNew = lookedAt;
      const pass = await removeAll([...pending, ...fresh], runtime);
      report.removed.push(...pass.removed);
      report.failures = pass.failures;
      pending = pass.failures.map((f) => f.resource);
      return { left: pending.length, quietFor: lookedAt - lastNew };
    },
    { clock, timeoutMs: SETTLE_MS, intervalMs: delay, maxIntervalMs: delay, done: (r) => r.left === 0 && r.quietFor >= quietMs },
  );
  report.spared = [...spared.values()];
  return report;
}
