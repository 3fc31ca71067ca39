import { LABEL } from "../plan/labels.js";
import type { Resource, Runtime } from "../runtime/runtime.js";

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
  const report: SweepReport = { removed: [], failures: [] };
  const removeAll = (kind: Resource["kind"], remove: (id: string) => Promise<void>): Promise<unknown> =>
    Promise.all(
      found
        .filter((r) => r.kind === kind)
        .map((r) =>
          remove(r.id).then(
            () => report.removed.push(r),
            (e: Error) => report.failures.push({ resource: r, message: e.message }),
          ),
        ),
    );
  await removeAll("container", (id) => runtime.removeContainer(id));
  await removeAll("network", (id) => runtime.removeNetwork(id));
  return report;
}
