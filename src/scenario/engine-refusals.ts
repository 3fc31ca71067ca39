import type { RawContainer, RawNetwork, RawScenario } from "./raw.js";
import type { DocPath, SourceFile } from "./source-file.js";

/**
 * What the engine would refuse, and when: a container at `docker create` or at `docker start`,
 * a network at `docker network create`. Measured on Engine 20.10 (docs/scenario-format.md,
 * "What the engine refuses").
 */
export type Refusal = { kind: "container"; name: string; phase: "create" | "start" } | { kind: "network"; name: string; phase: "create" };

/**
 * The step that shows the engine refusing `refusal`, when there is one: the first step that
 * creates (or starts) what the world itself leaves alone, and expects that to fail. The
 * refusal is then the lesson, not a mistake in the file.
 */
export function refusingStep(raw: RawScenario, refusal: Refusal): number | undefined {
  const steps = raw.steps ?? [];
  const key = refusal.kind === "network" ? "create_network" : refusal.phase;
  const first = steps.findIndex((s) => s[key] === refusal.name);
  if (first < 0) return undefined;
  const step = steps[first]!;
  if (step.expect !== "fail" && step.error === undefined) return undefined;
  return leftAlone(raw, refusal) ? first : undefined;
}

/** Whether provisioning leaves the phase to the steps: nothing refused there can stop the world from coming up. */
function leftAlone(raw: RawScenario, refusal: Refusal): boolean {
  if (refusal.kind === "network") return (raw.networks?.[refusal.name] as RawNetwork | null | undefined)?.create === false;
  const c = raw.containers?.[refusal.name] as RawContainer | undefined;
  if (!c) return false;
  return refusal.phase === "create" ? c.create === false : c.create === false || c.start === false;
}

/**
 * Reports what the engine would refuse: an error, or, where a step already expects it, a
 * warning that names that step. `howTo: false` leaves out how to show the refusal: for
 * mistakes more likely a typo than a lesson (an address), the sentence stays short.
 */
export function reportRefusal(
  source: SourceFile,
  raw: RawScenario,
  refusal: Refusal,
  code: string,
  path: DocPath,
  message: string,
  options: { key?: boolean; howTo?: boolean } = {},
): void {
  const step = refusingStep(raw, refusal);
  if (step !== undefined) {
    source.report(code, path, `${message}; step ${step + 1} expects the engine to refuse it, so lab lets the engine say so`, {
      key: options.key,
      warning: true,
    });
    return;
  }
  source.report(code, path, options.howTo === false ? message : `${message}. ${howToShow(refusal)}`, { key: options.key });
}

function howToShow(r: Refusal): string {
  if (r.kind === "network")
    return `To show the engine refusing it, declare network "${r.name}" \`create: false\` and create it in a step \`create_network: ${r.name}\` with \`expect: fail\``;
  return `To show the engine refusing it, declare "${r.name}" \`${r.phase}: false\` and ${r.phase} it in a step \`${r.phase}: ${r.name}\` with \`expect: fail\``;
}
