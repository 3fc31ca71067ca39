import type { EngineRef, Runtime } from "../runtime/runtime.js";

export interface Removal<R> {
  removed: R[];
  failures: { resource: R; message: string }[];
}

/**
 * Removes every resource, keeping on past failures and returning them all. The runtime
 * counts not-found as removed, so this is safe to repeat.
 *
 * A network with members cannot go, and a container leaves its networks only at the end of
 * its removal: removing every container and then every network waits for both in turn. So
 * our containers first leave our networks, each container is removed as soon as it has left
 * them, the others (probe containers, which have no endpoint) are removed at once, and each
 * network goes as soon as our containers have left it. The members of one network leave it
 * one at a time (LEAVING_AT_ONCE); different networks side by side. The engine (20.10) keeps
 * a count of each network's endpoints, and concurrent updates of it retry with a sleep and
 * can leave it too high: the network then refuses to go, "has active endpoints", with no
 * member left, until the engine restarts (its stored count stays wrong). That was seen with
 * 30 members leaving at once, and again with four at a time in a CI run on a busy machine
 * (the stored count was 2 with no endpoint left), after 30 bench runs at four had lost
 * nothing. One at a time has never lost count; it costs a few seconds at 30 containers
 * (bench/results.md), less than a network that only an engine restart removes. A network
 * that still refuses is tried again once every container is gone.
 * Containers we did not create are never touched.
 *
 * Podman refuses to remove a container while another shares its network namespace ("has
 * dependent containers which must be removed before it": our probe containers), where
 * Docker removes it; each removal is concurrent, so a refused container is tried again once
 * every other container's removal has ended, before the refused networks.
 */
export async function removeAll<R extends { kind: "container" | "network"; id: EngineRef }>(resources: readonly R[], runtime: Runtime): Promise<Removal<R>> {
  const report: Removal<R> = { removed: [], failures: [] };
  const containers = resources.filter((r) => r.kind === "container");
  const networks = resources.filter((r) => r.kind === "network");
  const remove = (r: R, fn: (id: EngineRef) => Promise<void>): Promise<void> =>
    fn(r.id).then(
      () => void report.removed.push(r),
      (e: Error) => void report.failures.push({ resource: r, message: e.message }),
    );

  const ours = new Set<string>(containers.map((c) => c.id));
  const members = await Promise.all(
    networks.map(async (n) => {
      const info = await runtime.inspectNetwork(n.id).catch(() => undefined);
      return (info?.containers ?? []).map((m) => m.id).filter((id) => ours.has(id));
    }),
  );
  // Per network, LEAVING_AT_ONCE lanes take the members in turn; a departure that fails only
  // means the container's removal does it.
  const left = new Map<EngineRef, Promise<unknown>[]>();
  const networkLeft = networks.map((n, i) => {
    const lanes: Promise<unknown>[] = Array.from({ length: LEAVING_AT_ONCE }, () => Promise.resolve());
    members[i]!.forEach((id, k) => {
      const lane = k % LEAVING_AT_ONCE;
      lanes[lane] = lanes[lane]!.then(() => runtime.disconnect(n.id, id).catch(() => undefined));
      left.set(id, [...(left.get(id) ?? []), lanes[lane]!]);
    });
    return Promise.all(lanes);
  });

  const refused: R[] = [];
  const dependedOn: R[] = [];
  const firstTry = (c: R): Promise<void> =>
    runtime.removeContainer(c.id).then(
      () => void report.removed.push(c),
      (e: Error) => void (DEPENDENTS.test(e.message) ? dependedOn.push(c) : report.failures.push({ resource: c, message: e.message })),
    );
  await Promise.all([
    ...containers.map((c) => Promise.all(left.get(c.id) ?? []).then(() => firstTry(c))),
    ...networks.map((n, i) =>
      networkLeft[i]!.then(() =>
        runtime.removeNetwork(n.id).then(
          () => void report.removed.push(n),
          () => void refused.push(n),
        ),
      ),
    ),
  ]);
  await Promise.all(dependedOn.map((c) => remove(c, (id) => runtime.removeContainer(id))));
  await Promise.all(refused.map((n) => remove(n, (id) => runtime.removeNetwork(id))));
  return report;
}

/** How many members leave one network at once (see removeAll). */
export const LEAVING_AT_ONCE = 1;

/** Podman's refusal to remove a container that another one still depends on. */
const DEPENDENTS = /has dependent containers/i;
