import { EnvironmentError } from "../errors.js";
import type { EngineName, Runtime } from "../runtime/runtime.js";
import type { Scenario } from "../scenario/types.js";

/**
 * An overlay network exists only on a swarm node, and lab never makes the engine one (nor
 * leaves a swarm): that changes the engine for everyone who uses it. So a run that needs
 * overlay and finds no active swarm stops before anything is provisioned, with the command
 * that makes one. Scenarios skipped on this engine (`known_differences`) need nothing.
 */
export async function requireSwarm(runtime: Runtime, scenarios: readonly Scenario[], engine?: EngineName): Promise<void> {
  const needs = scenarios.flatMap((s) =>
    engine && s.knownDifferences[engine] ? [] : s.networks.filter((n) => n.driver === "overlay").map((n) => ({ scenario: s.name, network: n.name })),
  );
  if (needs.length === 0) return;
  const state = await runtime.swarmState();
  if (state === "active") return;
  const first = needs[0]!;
  const more = needs.length > 1 ? ` (and ${needs.length - 1} more overlay network${needs.length > 2 ? "s" : ""})` : "";
  throw new EnvironmentError(
    "E_NO_SWARM",
    `scenario ${first.scenario} declares the overlay network "${first.network}"${more}, which needs the engine to be a swarm node, and its swarm state is "${state}": run \`bash scripts/setup --swarm\` in lab's checkout (or \`docker swarm init\` yourself; see docs/overlay.md), then run lab again.`,
  );
}
