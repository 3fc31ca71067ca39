import type { Plan, PlannedContainer, PlannedStep } from "../plan/plan.js";
import { inPlaceCandidate } from "../provision/probe-pool.js";
import type { Step } from "../scenario/types.js";
import { stepKind, type StepKindName } from "../steps/step-table.js";
import { typeOf } from "../steps/step-kind.js";

/**
 * What provisioning makes of a plan, and nothing else: its images, networks and containers
 * as the engine is asked for them. `probed` is left out (it only starts a probe container
 * early; one is made on demand anyway), but whether a container's probes may run in place is
 * kept: a new step that lists its processes must not reuse a decision taken without it.
 */
function worldOf(plan: Plan): { images: string; networks: Map<string, string>; containers: Map<string, string>; head: string } {
  const container = (c: PlannedContainer): string => JSON.stringify({ ...c, probed: undefined, inPlace: inPlaceCandidate(c, plan) });
  return {
    head: JSON.stringify([plan.runId, plan.scenario.name, plan.probeImage]),
    images: JSON.stringify(plan.images),
    networks: new Map(plan.networks.map((n) => [n.name, JSON.stringify(n)])),
    containers: new Map(plan.containers.map((c) => [c.name, container(c)])),
  };
}

/**
 * Why `next` needs a world of its own rather than the one `previous` provisioned, in a few
 * words ("container web changed, network back added"), or undefined when the two declare
 * the same world and only the steps may differ (`lab run --watch`). Pure.
 */
export function worldChange(previous: Plan, next: Plan): string | undefined {
  const a = worldOf(previous);
  const b = worldOf(next);
  if (a.head !== b.head) return "the scenario's name changed";
  const changes = [...diff("network", a.networks, b.networks), ...diff("container", a.containers, b.containers)];
  // Order matters too: networks are made in file order, containers after their dependencies.
  if (changes.length === 0 && [...a.networks.keys()].join() !== [...b.networks.keys()].join()) changes.push("the networks' order changed");
  if (changes.length === 0 && [...a.containers.keys()].join() !== [...b.containers.keys()].join()) changes.push("the containers' order changed");
  if (a.images !== b.images) changes.push("the images changed");
  return changes.length > 0 ? changes.join(", ") : undefined;
}

function diff(what: string, a: Map<string, string>, b: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [name, value] of b) {
    const before = a.get(name);
    if (before === undefined) out.push(`${what} ${name} added`);
    else if (before !== value) out.push(`${what} ${name} changed`);
  }
  for (const name of a.keys()) if (!b.has(name)) out.push(`${what} ${name} removed`);
  return out;
}

/**
 * The steps of a plan that change the world once run: every action but `sleep` (start, stop,
 * connect, an exec without assertions, ...). After them the world is no longer the one the
 * file declares, so the next `--watch` re-run provisions it again.
 */
export function worldChangingSteps(plan: Plan): PlannedStep[] {
  return plan.steps.filter(({ step }) => step.kind !== "sleep" && isAction(step));
}

const isAction = <K extends StepKindName>(step: Step<K>): boolean => typeOf(stepKind(step.kind), step.args) === "action";
