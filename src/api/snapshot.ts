import type { Plan } from "../plan/plan.js";
import type { LiveWorld } from "../provision/live-world.js";
import type { ContainerInfo, Runtime } from "../runtime/runtime.js";
import type { WorldView } from "./world-view.js";

const LOG_LINES = 20;

type Endpoints = Record<string, { Aliases?: string[] | null }>;

/**
 * The engine's view of a failed scenario, taken before the teardown: each container's
 * state and last log lines, each network's members and their aliases. Best effort: a
 * missing resource is itself worth reporting.
 */
export async function snapshot(plan: Plan, world: LiveWorld, runtime: Runtime, view: WorldView): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const names = new Map([...world.containers].map(([name, cid]) => [cid, name]));
  const byId = new Map([...view.containers.values()].filter((i): i is ContainerInfo => !(i instanceof Error)).map((i) => [i.id, i]));
  await Promise.all([
    ...plan.containers.map(async (c) => {
      const info = view.containers.get(c.name);
      if (!info) return void (out[`container ${c.name}`] = "not created");
      try {
        if (info instanceof Error) throw info;
        const logs = await runtime.logs(info.id, { tail: LOG_LINES });
        const state = `${info.status}${info.running ? "" : `, exit code ${info.exitCode}`}${info.error ? `, error: ${info.error}` : ""}`;
        out[`container ${c.name}`] = `${state}${logs.trim() ? `\nlast log lines:\n${logs.trimEnd()}` : "\n(no log output)"}`;
      } catch (error) {
        out[`container ${c.name}`] = `cannot inspect: ${(error as Error).message}`;
      }
    }),
    ...plan.networks.map(async (n) => {
      const info = view.networks.get(n.name);
      if (!info) return void (out[`network ${n.name}`] = "not created");
      if (info instanceof Error) return void (out[`network ${n.name}`] = `cannot inspect: ${info.message}`);
      const members = Object.entries((info.Containers ?? {}) as Record<string, { Name: string; IPv4Address: string }>);
      // A member that is not the scenario's (someone connected it by hand) is inspected here, for its aliases.
      const rows = await Promise.all(
        members.map(async ([cid, m]) => {
          const member = byId.get(cid) ?? (await runtime.inspectContainer(cid).catch(() => undefined));
          const endpoint = (member?.raw.NetworkSettings as { Networks: Endpoints } | undefined)?.Networks[n.create.name];
          const aliases = (endpoint?.Aliases ?? []).filter((a) => !cid.startsWith(a));
          return `${names.get(cid) ?? m.Name} ${m.IPv4Address}${aliases.length ? ` aliases: ${aliases.join(", ")}` : ""}`;
        }),
      );
      out[`network ${n.name}`] = members.length ? rows.join("\n") : "no containers";
    }),
  ]);
  // Promise.all filled it in completion order; reports read better in the scenario's order.
  const order = [...plan.containers.map((c) => `container ${c.name}`), ...plan.networks.map((n) => `network ${n.name}`)];
  return Object.fromEntries(order.filter((k) => k in out).map((k) => [k, out[k]!]));
}
