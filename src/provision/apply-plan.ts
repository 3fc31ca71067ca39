import type { Clock } from "../clock.js";
import { EnvironmentError, LabError } from "../errors.js";
import type { Plan, PlannedContainer } from "../plan/plan.js";
import type { EngineRef, Runtime } from "../runtime/runtime.js";
import type { Tracker } from "../teardown/tracker.js";
import { ensureImages, type PullPolicy } from "./ensure-images.js";
import type { NameMap, NameRegistry } from "./name-map.js";
import type { ProbePool } from "./probe-pool.js";
import { subscribeHealthy, waitReady } from "./wait-ready.js";

export interface ApplyOptions {
  runtime: Runtime;
  tracker: Tracker;
  /** Filled as resources are made, so that after a failure the caller still knows what exists. */
  names: NameRegistry;
  pool: ProbePool;
  clock: Clock;
  signal: AbortSignal;
  pull: PullPolicy;
  progress(line: string): void;
}

/**
 * Brings the plan's world up: images and all networks at once, then every container as
 * soon as what it depends on exists (created) or runs (started). Each resource is tracked
 * the moment it exists. On a failure, the work still in flight is awaited before the first
 * error is thrown, so that the teardown sees everything that was made. Returns the names,
 * read-only from here on.
 */
export async function applyPlan(plan: Plan, o: ApplyOptions): Promise<NameMap> {
  // Networks do not need the images: they are made while the images are checked (or pulled).
  await settleAll([
    ensureImages(plan.images, o.runtime, o.pull, o.progress),
    ...plan.networks
      .filter((n) => n.atProvision)
      .map(async (n) => {
        const id = await o.runtime.createNetwork(n.create);
        o.tracker.track({ kind: "network", id, name: n.create.name });
        o.names.recordNetwork(n.name, id);
      }),
  ]);
  o.signal.throwIfAborted();

  const created = new Map<string, Promise<EngineRef>>();
  const started = new Map<string, Promise<void>>();
  const byName = new Map(plan.containers.map((c) => [c.name, c]));
  const createOf = (c: PlannedContainer): Promise<EngineRef> =>
    once(created, c.name, async () => {
      await Promise.all(c.after.map((d) => createOf(byName.get(d)!)));
      o.signal.throwIfAborted();
      const id = await o.runtime.createContainer(c.create).catch((e: Error) => {
        throw wrap(e, `Creating container "${c.name}" failed`);
      });
      o.tracker.track({ kind: "container", id, name: c.create.name });
      o.names.recordContainer(c.name, id);
      // Its probe container is created while it starts; `warm` starts it once the namespace exists.
      if (c.probed && c.start) o.pool.prepare(c.name);
      if (Object.keys(c.files).length > 0) await o.runtime.putFiles(id, c.files);
      return id;
    });
  const startOf = (c: PlannedContainer): Promise<void> =>
    once(started, c.name, async () => {
      const id = await createOf(c);
      await Promise.all(c.after.map((d) => startOf(byName.get(d)!)));
      if (!c.start) return;
      o.signal.throwIfAborted();
      const healthy = subscribeHealthy(o.runtime, id, c, o.signal);
      await o.runtime.lifecycle(id, "start").catch((e: Error) => {
        throw wrap(e, `Starting container "${c.name}" failed`);
      });
      if (c.probed) o.pool.warm(c.name);
      await waitReady(c, id, healthy, o);
    });
  // A container declared `create: false` is made by a `create` step; the rules keep others from depending on it.
  await settleAll(plan.containers.filter((c) => c.atProvision).map(startOf));
  return o.names;
}

/** The promise cached under `key`, made by `make` the first time: each container is created and started once, whoever asks first. */
function once<T>(cache: Map<string, Promise<T>>, key: string, make: () => Promise<T>): Promise<T> {
  let p = cache.get(key);
  if (!p) cache.set(key, (p = make()));
  return p;
}

/** Awaits every promise, then throws the first failure: nothing is left in flight. */
async function settleAll(promises: Promise<unknown>[]): Promise<void> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}

const wrap = (error: Error, what: string): Error =>
  error instanceof LabError && error.code !== "E_ENGINE" ? error : new EnvironmentError("E_PROVISION", `${what}: ${error.message}`, { cause: error });
