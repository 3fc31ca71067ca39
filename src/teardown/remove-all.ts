import type { Runtime } from "../runtime/runtime.js";

export interface Removal<R> {
  removed: R[];
  failures: { resource: R; message: string }[];
}

/**
 * Removes every resource, all containers at once and then all networks at once (a network
 * with members cannot go), keeping on past failures and returning them all. The runtime
 * counts not-found as removed, so this is safe to repeat.
 */
export async function removeAll<R extends { kind: "container" | "network"; id: string }>(resources: readonly R[], runtime: Runtime): Promise<Removal<R>> {
  const report: Removal<R> = { removed: [], failures: [] };
  const remove = (kind: R["kind"], fn: (id: string) => Promise<void>): Promise<unknown> =>
    Promise.all(
      resources
        .filter((r) => r.kind === kind)
        .map((r) =>
          fn(r.id).then(
            () => report.removed.push(r),
            (e: Error) => report.failures.push({ resource: r, message: e.message }),
          ),
        ),
    );
  await remove("container", (id) => runtime.removeContainer(id));
  await remove("network", (id) => runtime.removeNetwork(id));
  return report;
}
