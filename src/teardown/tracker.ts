import type { EngineRef, Runtime } from "../runtime/runtime.js";
import { removeAll } from "./remove-all.js";

export interface Tracked {
  kind: "container" | "network";
  id: EngineRef;
  /** The real name, for reports and `--keep`. */
  name: string;
}

export interface TeardownReport {
  removed: Tracked[];
  failures: { resource: Tracked; message: string }[];
  durationMs: number;
}

/**
 * The undo list of one scenario. A resource is tracked the moment its create succeeds, so
 * a failure halfway still removes everything made so far. Teardown removes all containers
 * at once (forced: no stop grace), then all networks, keeps going past failures and
 * reports them all at the end. Not-found counts as removed.
 */
export class Tracker {
  private readonly resources: Tracked[] = [];

  track(resource: Tracked): void {
    this.resources.push(resource);
  }

  forget(id: EngineRef): void {
    const i = this.resources.findIndex((r) => r.id === id);
    if (i >= 0) this.resources.splice(i, 1);
  }

  list(): readonly Tracked[] {
    return this.resources;
  }

  async teardown(runtime: Runtime): Promise<TeardownReport> {
    const started = performance.now();
    const { removed, failures } = await removeAll(this.resources.splice(0).reverse(), runtime);
    return { removed, failures, durationMs: performance.now() - started };
  }
}
