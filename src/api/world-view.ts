import type { Plan } from "../plan/plan.js";
import type { NameMap } from "../provision/name-map.js";
import type { ContainerInfo, EngineRef, NetworkInfo, Runtime } from "../runtime/runtime.js";

/** One inspect of each created container and network, or the engine's refusal of it. */
export interface WorldView {
  containers: Map<string, ContainerInfo | Error>;
  networks: Map<string, NetworkInfo | Error>;
}

/**
 * The engine's view of a failed scenario's world, in the scenario's names, taken once
 * before the teardown: the diagnostics (snapshot.ts) and the drift check (world-drift.ts)
 * both read it, so each resource is inspected once.
 */
export async function viewWorld(plan: Plan, names: NameMap, runtime: Runtime): Promise<WorldView> {
  const created = <T>(wanted: string[], ids: ReadonlyMap<string, EngineRef>, inspect: (id: EngineRef) => Promise<T>) =>
    Promise.all(wanted.filter((n) => ids.has(n)).map(async (n): Promise<[string, T | Error]> => [n, await inspect(ids.get(n)!).catch((e: Error) => e)]));
  const [containers, networks] = await Promise.all([
    created(
      plan.containers.map((c) => c.name),
      names.containers,
      (id) => runtime.inspectContainer(id),
    ),
    created(
      plan.networks.map((n) => n.name),
      names.networks,
      (id) => runtime.inspectNetwork(id),
    ),
  ]);
  return { containers: new Map(containers), networks: new Map(networks) };
}
