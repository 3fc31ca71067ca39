import { LABEL } from "../plan/labels.js";
import type { ScenarioResult } from "./events.js";

/** The engine's view at the failure: one block per container and per network, continuation lines indented. */
export function diagnosticLines(diagnostics: Record<string, string>): string[] {
  return Object.entries(diagnostics).flatMap(([key, value]) => {
    const [first, ...rest] = value.split("\n");
    return [`${key}: ${first}`, ...rest.map((l) => `  ${l}`)];
  });
}

/** For a world left up by --keep or --keep-on-failure: what is there, how to look at it, how to remove it. */
export function keptLines(r: ScenarioResult): string[] {
  const containers = r.resources.filter((x) => x.kind === "container" && !/\.probe\d+--/.test(x.real));
  const networks = r.resources.filter((x) => x.kind === "network");
  const width = Math.max(0, ...[...containers, ...networks].map((x) => `${x.kind} ${x.name}`.length));
  const look = [`docker ps -a --filter label=${LABEL.run}=${r.runId} --filter label=${LABEL.scenario}=${r.name}`];
  const c = containers[0];
  if (c) look.push(`docker logs ${c.real}`, `docker exec -it ${c.real} sh`);
  const n = networks[0];
  if (n) look.push(`docker network inspect ${n.real}`);
  return [
    `kept: the world of ${r.name} is still up (run ${r.runId})`,
    ...[...containers, ...networks].map((x) => `  ${`${x.kind} ${x.name}`.padEnd(width)}  ${x.real}`),
    "look at it:",
    ...look.map((l) => `  ${l}`),
    `remove it: lab clean --run ${r.runId}`,
  ];
}
