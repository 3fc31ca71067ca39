import type { Scenario, Step } from "../scenario/types.js";
import { typeOf } from "../steps/step-kind.js";
import { stepKind, type StepKindName } from "../steps/step-table.js";
import type { TaskArgs } from "../tasks/task.js";
import type { Candidate } from "./derive-mutations.js";
import { hostName, namespaceSharers } from "./derive-mutations.js";

/**
 * Whether `lab lint --mutate` judges a step: probes and tasks (a task's verdict is its
 * checks failing before the solution and passing after it). Actions are the lesson's moves,
 * not claims about the world, and are not judged.
 */
export const isJudged = <K extends StepKindName>(step: Step<K>): boolean => step.kind === "task" || typeOf(stepKind(step.kind), step.args) === "probe";

/**
 * What a step is about: the scenario's containers, networks and aliases its arguments name (with the
 * containers sharing their namespace), the ports it names as `port:N` and the containers
 * publishing them. Empty when it names none of them: then every mutation is relevant.
 */
export function stepWords(s: Scenario, step: Step): Set<string> {
  const words = new Set<string>();
  const walk = (v: unknown): void => {
    if (typeof v === "number") words.add(`port:${v}`);
    else if (typeof v === "string") {
      words.add(v);
      for (const m of v.matchAll(/:(\d{1,5})\b/g)) words.add(`port:${m[1]}`);
    } else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") Object.values(v).forEach(walk);
  };
  walk(step.args);
  const names = new Set([
    ...s.containers.flatMap((c) => [c.name, ...c.networks.flatMap((a) => a.aliases), ...c.links.map((l) => l.alias), ...c.extraHosts.map(hostName)]),
    ...s.steps.flatMap(givenAliases),
    ...s.networks.map((n) => n.name),
  ]);
  const subjects = new Set<string>([...words].filter((w) => names.has(w)));
  for (const c of s.containers) if (c.ports.some((p) => words.has(`port:${p.host ?? p.container}`))) subjects.add(c.name);
  // An alias stands for its container (an alias a step gives, as `connect` does, too); a link's alias for the link's two ends.
  for (const x of s.steps) {
    const container = (x.args as { container?: unknown }).container;
    if (typeof container === "string" && givenAliases(x).some((a) => words.has(a))) subjects.add(container);
  }
  for (const c of s.containers) {
    if (c.networks.some((a) => a.aliases.some((x) => words.has(x)))) subjects.add(c.name);
    for (const l of c.links.filter((l) => words.has(l.alias))) [c.name, l.target].forEach((n) => subjects.add(n));
    // A host entry stands for the container that has it, and for the container whose fixed address it names.
    for (const entry of c.extraHosts.filter((e) => words.has(hostName(e)))) {
      subjects.add(c.name);
      const ip = entry.slice(entry.indexOf(":") + 1);
      for (const d of s.containers) if (d.networks.some((a) => a.ipv4Address === ip || a.ipv6Address === ip)) subjects.add(d.name);
    }
  }
  const sharers = namespaceSharers(s);
  for (const name of [...subjects]) for (const other of sharers.get(name) ?? []) subjects.add(other);
  for (const w of words) if (w.startsWith("port:")) subjects.add(w);
  return subjects;
}

/**
 * The candidates that could change what a step sees: those touching what it is about (every
 * one for a step about nothing declared), but never the stopping of a container its probe
 * runs in: a probe that cannot run observes nothing, so that never flips it (mutate-scenario.ts).
 */
export function relevantTo(s: Scenario, step: Step, candidates: readonly Candidate[]): number[] {
  const words = stepWords(s, step);
  const about = [...words].some((w) => !w.startsWith("port:"));
  const inside = new Set(probeNamespaces(step));
  const never = (m: Candidate["mutation"]): boolean =>
    // Leaving out a later move cannot change an earlier step.
    (m.kind === "stop" && inside.has(m.container)) || (m.kind === "skip-step" && m.index >= step.index);
  return candidates.flatMap((c, i) => (never(c.mutation) ? [] : !about || c.touches.some((t) => words.has(t)) ? [i] : []));
}

/** The containers a step's probes run in: its own `from`, or each of a task's checks'. */
export function probeNamespaces(step: Step): string[] {
  const inner = step.kind === "task" ? (step.args as TaskArgs).check : [step];
  return inner.flatMap((x) => namespaceOf(x) ?? []);
}

const namespaceOf = <K extends StepKindName>(s: Step<K>): string | undefined => stepKind(s.kind).namespace?.(s.args);

/** The aliases a step gives a container (`connect`'s `aliases:`). */
const givenAliases = (x: Step): string[] => {
  const a = (x.args as { aliases?: unknown }).aliases;
  return Array.isArray(a) ? a.filter((v): v is string => typeof v === "string") : [];
};
