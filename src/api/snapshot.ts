import type { Plan } from "../plan/plan.js";
import type { LiveWorld } from "../provision/live-world.js";
import type { Runtime } from "../runtime/runtime.js";

const LOG_LINES = 20;

/**
 * The engine's view of a failed scenario, taken before the teardown: each container's
 * state and last log lines, each network's members and their aliases. Best effort: a
 * missing resource is itself worth reporting.
 */
export async function snapshot(plan: Plan, world: LiveWorld, runtime: Runtime): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  await Promise.all([
    ...plan.containers.map(async (c) => {
      const id = world.containers.get(c.name);
      if (!id) return void (out[`container ${c.name}`] = "not created");
      try {
        const [info, logs] = await Promise.all([runtime.inspectContainer(id), runtime.logs(id, { tail: LOG_LINES })]);
        const state = `${info.status}${info.running ? "" : `, exit code ${info.exitCode}`}${info.error ? `, error: ${info.error}` : ""}`;
        out[`container ${c.name}`] = `${state}${logs.trim() ? `\nlast log lines:\n${logs.trimEnd()}` : "\n(no log output)"}`;
      } catch (error) {
        out[`container ${c.name}`] = `cannot inspect: ${(error as Error).message}`;
      }
    }),
    ...plan.networks.map(async (n) => {
      const id = world.networks.get(n.name);
      if (!id) return void (out[`network ${n.name}`] = "not created");
      try {
        const info = await runtime.inspectNetwork(id);
        const members = Object.values((info.Containers ?? {}) as Record<string, { Name: string; IPv4Address: string }>);
        const names = new Map([...world.containers].map(([name, cid]) => [cid, name]));
        const rows = await Promise.all(
          Object.entries((info.Containers ?? {}) as Record<string, { Name: string; IPv4Address: string }>).map(async ([cid, m]) => {
            const aliases = await runtime
              .inspectContainer(cid)
              .then((ci) => ((ci.raw.NetworkSettings as { Networks: Record<string, { Aliases?: string[] | null }> }).Networks[n.create.name]?.Aliases ?? []).filter((a) => !cid.startsWith(a)))
              .catch(() => []);
            return `${names.get(cid) ?? m.Name} ${m.IPv4Address}${aliases.length ? ` aliases: ${aliases.join(", ")}` : ""}`;
          }),
        );
        out[`network ${n.name}`] = members.length ? rows.join("\n") : "no containers";
      } catch (error) {
        out[`network ${n.name}`] = `cannot inspect: ${(error as Error).message}`;
      }
    }),
  ]);
  // Promise.all filled it in completion order; reports read better in the scenario's order.
  const order = [...plan.containers.map((c) => `container ${c.name}`), ...plan.networks.map((n) => `network ${n.name}`)];
  return Object.fromEntries(order.filter((k) => k in out).map((k) => [k, out[k]!]));
}
