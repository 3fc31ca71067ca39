import { EngineError } from "../errors.js";
import type { Plan } from "../plan/plan.js";
import type { NameMap } from "../provision/name-map.js";
import type { StepResult } from "../report/events.js";
import type { WorldView } from "./world-view.js";

type Expected = "up" | "down" | "gone" | "unknown";

const EFFECT: Record<string, Expected> = { start: "up", restart: "up", unpause: "up", pause: "up", stop: "down", kill: "down", remove: "gone" };

/**
 * What changed in a failed scenario's world without a step asking for it: a container that
 * was removed, or stopped though no step stopped it, a network that was removed. One
 * sentence each, in the scenario's names, so that a failure caused from outside (a
 * `docker rm`, a killed container) says so instead of leaving the learner to guess.
 */
export function worldDrift(plan: Plan, names: NameMap, view: WorldView, ran: readonly StepResult[]): string[] {
  const expected = new Map<string, Expected>(plan.containers.filter((c) => names.containers.has(c.name)).map((c) => [c.name, c.start ? "up" : "down"]));
  for (const step of ran) {
    const effect = EFFECT[step.kind];
    const args = plan.steps.find((p) => p.step.index === step.index)?.step.args;
    if (!effect || typeof args !== "string" || !expected.has(args)) continue;
    // An expected refusal changed nothing; a failed action leaves the state unknown.
    if (step.status === "failed") expected.set(args, "unknown");
    else if (step.status === "passed" && step.expect === "pass") expected.set(args, effect);
  }
  const gone = (e: unknown): boolean => e instanceof EngineError && e.status === 404;
  const found: string[] = [];
  for (const [name, want] of expected) {
    const info = view.containers.get(name);
    if (want === "gone" || want === "unknown" || !info) continue;
    if (gone(info)) found.push(`container "${name}" was removed, though no step removed it`);
    else if (!(info instanceof Error) && want === "up" && !info.running)
      found.push(`container "${name}" stopped, though no step stopped it: it ${exitedWith(info.exitCode)}`);
  }
  for (const [name, info] of view.networks) if (gone(info)) found.push(`network "${name}" was removed, though lab did not remove it`);
  return found.sort();
}

function exitedWith(code: number): string {
  if (code === 137) return "exited with code 137, killed by SIGKILL (docker kill, or out of memory)";
  if (code === 0) return "exited with code 0: its command ended";
  return `exited with code ${code}`;
}
