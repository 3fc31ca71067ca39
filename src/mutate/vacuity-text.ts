import { formatDuration } from "../scenario/duration.js";
import type { VacuityReport } from "./mutate-lab.js";
import type { StepVacuity } from "./mutate-scenario.js";

const MARK: Record<StepVacuity["verdict"], string> = { flipped: "✓", "cannot-fail": "✗", "not-judged": "-", "unmutated-failed": "✗", skipped: "-" };

/** The plain report of `lab lint --mutate`: per file, per step, the mutation that flipped it or why none did. */
export function vacuityText(r: VacuityReport): string {
  const out: string[] = [];
  for (const s of r.scenarios) {
    const refused = s.mutants.filter((m) => m.outcome === "refused").length;
    out.push(
      `${s.file} (${s.name}): ${s.mutants.length} of ${s.candidates} mutant${s.candidates === 1 ? "" : "s"} run${refused ? `, ${refused} refused by the engine` : ""}, ${formatDuration(Math.round(s.durationMs))}`,
    );
    if (s.status === "error") out.push(`  ✗ the world as written could not be set up: ${s.error?.message ?? "unknown error"}`);
    for (const step of s.steps) out.push(`  ${MARK[step.verdict]} step ${step.index + 1} "${step.name}" — ${what(step)}`);
    for (const m of s.mutants.filter((m) => m.outcome === "refused")) out.push(`  · mutant refused by the engine: ${m.description}: ${m.message ?? ""}`);
    for (const m of s.mutants.filter((m) => m.teardownFailures.length > 0))
      out.push(
        `  ! mutant ${m.runId} (${m.description}) left resources behind: ${m.teardownFailures.join("; ")}; remove them with: lab clean --run ${m.runId}`,
      );
  }
  const t = r.summary;
  out.push(
    "",
    `${t.judged} step${t.judged === 1 ? "" : "s"} judged: ${t.flipped} flipped, ${t.cannotFail} cannot fail${t.failedUnmutated ? `, ${t.failedUnmutated} fail as written` : ""}; ${t.mutants} mutant${t.mutants === 1 ? "" : "s"} run${t.refused ? ` (${t.refused} refused by the engine)` : ""} in ${formatDuration(Math.round(t.durationMs))}`,
  );
  return `${out.join("\n")}\n`;
}

function what(step: StepVacuity): string {
  switch (step.verdict) {
    case "flipped":
      return `flipped by: ${step.flippedBy!.description}`;
    case "cannot-fail":
      return step.relevant === 0
        ? "cannot fail: no mutation of the world touches what it names"
        : `cannot fail: none of the ${step.tried} mutation${step.tried === 1 ? "" : "s"} of what it names made it ${step.expect === "fail" ? "pass" : "fail"}`;
    case "not-judged":
      return "not judged (an action)";
    case "unmutated-failed":
      return `fails as written, so cannot be judged: ${step.message ?? ""}`;
    case "skipped":
      return `not judged (skipped on this engine): ${step.message ?? ""}`;
  }
}
