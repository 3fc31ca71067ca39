import type { Plan } from "../plan/plan.js";
import type { NameMap } from "../provision/name-map.js";
import { cutText } from "../report/cut-evidence.js";
import type { ContainerInfo, Runtime } from "../runtime/runtime.js";
import type { WorldView } from "./world-view.js";

const LOG_LINES = 20;

/**
 * The engine's view of a failed scenario, taken before the teardown: each container's
 * state and last log lines, each network's members and their aliases. Best effort: a
 * missing resource is itself worth reporting.
 */
export async function snapshot(plan: Plan, names: NameMap, runtime: Runtime, view: WorldView): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const nameOf = new Map<string, string>([...names.containers].map(([name, cid]) => [cid, name]));
  const byId = new Map<string, ContainerInfo>([...view.containers.values()].filter((i): i is ContainerInfo => !(i instanceof Error)).map((i) => [i.id, i]));
  await Promise.all([
    ...plan.containers.map(async (c) => {
      const info = view.containers.get(c.name);
      if (!info) return void (out[`container ${c.name}`] = "not created");
      try {
        if (info instanceof Error) throw info;
        const logs = (await runtime.logs(info.id, { tail: LOG_LINES })).text;
        const state = `${info.status}${info.running ? "" : `, exit code ${info.exitCode}`}${info.error ? `, error: ${info.error}` : ""}`;
        out[`container ${c.name}`] = cutText(`${state}${logs.trim() ? `\nlast log lines:\n${logs.trimEnd()}` : "\n(no log output)"}`);
      } catch (error) {
        out[`container ${c.name}`] = `cannot inspect: ${(error as Error).message}`;
      }
    }),
    ...plan.networks.map(async (n) => {
      const info = view.networks.get(n.name);
      if (!info) return void (out[`network ${n.name}`] = "not created");
      if (info instanceof Error) return void (out[`network ${n.name}`] = `cannot inspect: ${info.message}`);
      const members = info.containers;
      // A member that is not the scenario's (someone connected it by hand) is inspected here, for its aliases.
      const rows = await Promise.all(
        members.map(async (m) => {
          const member = byId.get(m.id) ?? (await runtime.inspectContainer(m.id).catch(() => undefined));
          const aliases = (member?.endpoints[n.create.name]?.aliases ?? []).filter((a) => !m.id.startsWith(a));
          return `${nameOf.get(m.id) ?? m.name} ${m.ipv4}${aliases.length ? ` aliases: ${aliases.join(", ")}` : ""}`;
        }),
      );
      out[`network ${n.name}`] = members.length ? rows.join("\n") : "no containers";
    }),
  ]);
  // Promise.all filled it in completion order; reports read better in the scenario's order.
  const order = [...plan.containers.map((c) => `container ${c.name}`), ...plan.networks.map((n) => `network ${n.name}`)];
  return Object.fromEntries(order.filter((k) => k in out).map((k) => [k, out[k]!]));
}
