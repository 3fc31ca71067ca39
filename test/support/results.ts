import type { RunEvent, RunSummary, ScenarioResult, StepResult } from "../../src/report/events.js";

/** A step result with everything a reporter reads; override what the test is about. */
export const step = (over: Partial<StepResult> & { index: number; name: string }): StepResult => ({
  kind: "resolve",
  expect: "pass",
  status: "passed",
  message: "ok",
  evidence: {},
  attempts: 1,
  durationMs: 120,
  line: 10 + over.index,
  ...over,
});

export const scenarioResult = (over: Partial<ScenarioResult> & { name: string }): ScenarioResult => ({
  file: `scenarios/${over.name}.yaml`,
  description: "",
  tags: [],
  runId: "abc123",
  status: "passed",
  steps: [],
  resources: [],
  timings: { totalMs: 2500, provisionMs: 900, stepsMs: 1200, teardownMs: 400 },
  teardown: { removed: 0, failures: [] },
  kept: false,
  ...over,
});

/** The events of a whole run, as runLab emits them, for the given results; `planned` adds scenarios that never started. */
export function runEvents(results: ScenarioResult[], planned: { name: string; steps: string[] }[] = []): RunEvent[] {
  const count = (xs: { status: string }[], s: string): number => xs.filter((x) => x.status === s).length;
  const steps = results.flatMap((r) => r.steps);
  const summary: RunSummary = {
    runId: "abc123",
    scenarios: { passed: count(results, "passed"), failed: count(results, "failed") + count(results, "error"), skipped: planned.length },
    steps: { passed: count(steps, "passed"), failed: count(steps, "failed"), skipped: count(steps, "skipped") },
    durationMs: 4321,
    exitCode: results.every((r) => r.status === "passed") && planned.length === 0 ? 0 : 1,
  };
  return [
    {
      type: "run-start",
      runId: "abc123",
      scenarios: [
        ...results.map((r) => ({ name: r.name, file: r.file, steps: r.steps.map((s) => s.name), description: r.description, tags: r.tags })),
        ...planned.map((p) => ({ name: p.name, file: `scenarios/${p.name}.yaml`, steps: p.steps })),
      ],
    },
    ...results.flatMap((r): RunEvent[] => [
      { type: "scenario-start", scenario: r.name, file: r.file },
      { type: "phase", scenario: r.name, phase: "provision" },
      { type: "phase", scenario: r.name, phase: "steps" },
      ...r.steps.flatMap((s): RunEvent[] => [
        { type: "step-start", scenario: r.name, index: s.index, name: s.name },
        { type: "step-end", scenario: r.name, result: s },
      ]),
      { type: "phase", scenario: r.name, phase: "teardown" },
      { type: "scenario-end", result: r },
    ]),
    { type: "run-end", summary, results },
  ];
}
