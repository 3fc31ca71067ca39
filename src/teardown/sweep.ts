import { LABEL } from "../plan/labels.js";
import type { Resource, Runtime } from "../runtime/runtime.js";
import { removeAll } from "./remove-all.js";

export interface SweepOptions {
  runId?: string;
  olderThanMs?: number;
  now?: number;
}

export interface SweepReport {
  removed: Resource[];
  failures: { resource: Resource; message: string }[];
}

/**
 * `lab clean`: removes what lab created and left behind (a killed run), found by label on
 * the engine. Only resources carrying `io.lab.run` are ever touched.
 */
export async function sweep(runtime: Runtime, o: SweepOptions = {}): Promise<SweepReport> {
  const now = o.now ?? Date.now();
  const found = (await runtime.list({ [LABEL.run]: o.runId })).filter(
    (r) => r.labels[LABEL.run] !== undefined && (o.olderThanMs === undefined || now - r.created.getTime() >= o.olderThanMs),
  );
  return removeAll(found, runtime);
}
