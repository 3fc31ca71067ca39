/**
 * docker-lab/vitest: one call declares a vitest suite per scenario and a test per step.
 *
 *   import { labSuite } from "docker-lab/vitest";
 *   labSuite("scenarios/dns.yaml");
 *
 * The scenarios are read when the test file is collected (a mistake fails the file with its
 * file:line:col); the run starts in beforeAll, each step's test waits for that step's result,
 * and afterAll waits for the teardown (aborting the run first if a test was cut short).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, test } from "vitest";
import { ValidationError, type Diagnostic } from "./errors.js";
import { run, type RunOptions, type RunResult } from "./index.js";
import { buildPlan } from "./plan/build-plan.js";
import type { ScenarioResult, StepResult } from "./report/events.js";
import { stepDetails } from "./report/summary-line.js";
import { parseScenario } from "./scenario/load-scenario.js";
import type { Scenario } from "./scenario/types.js";

export interface LabSuiteOptions extends Omit<RunOptions, "signal"> {
  /** Milliseconds each step's test may wait for its result, provisioning included for the first (default 120000). */
  timeout?: number;
}

/** A step's failure as a test failure: the message, then the evidence and the hint, then where the step is. */
export class LabStepFailure extends Error {
  constructor(
    readonly step: StepResult,
    file: string,
  ) {
    super([...stepDetails(step), `at ${file}:${step.line}`].join("\n"));
    this.name = "LabStepFailure";
  }
}

type Outcome = { step: StepResult } | { scenario: ScenarioResult } | { error: unknown };

/** Declares one `describe` per scenario in `paths` (files or directories, relative to the working directory) and one `test` per step. */
export function labSuite(paths: string | readonly string[], options: LabSuiteOptions = {}): void {
  const { timeout = 120_000, ...runOptions } = options;
  const scenarios = loadNow(typeof paths === "string" ? [paths] : [...paths]);
  const waiting = new Map<string, { promise: Promise<Outcome>; settle(o: Outcome): void }>();
  const slot = (scenario: string, index: number): { promise: Promise<Outcome>; settle(o: Outcome): void } => {
    const key = `${scenario}\u0000${index}`;
    let entry = waiting.get(key);
    if (!entry) {
      let settle!: (o: Outcome) => void;
      const promise = new Promise<Outcome>((r) => (settle = r));
      entry = { promise, settle };
      waiting.set(key, entry);
    }
    return entry;
  };
  const controller = new AbortController();
  // Steps whose test has not had its outcome yet: afterAll aborts the run only if some test gave up waiting.
  let unanswered = scenarios.reduce((n, s) => n + s.steps.length, 0);
  let running: Promise<RunResult | undefined> | undefined;

  beforeAll(() => {
    running = run(
      scenarios.map((s) => s.file),
      {
        ...runOptions,
        signal: controller.signal,
        onEvent: (event) => {
          runOptions.onEvent?.(event);
          if (event.type === "step-end") slot(event.scenario, event.result.index).settle({ step: event.result });
          if (event.type === "scenario-end") for (const s of event.result.steps) slot(event.result.name, s.index).settle({ scenario: event.result });
        },
      },
    ).then(
      (result) => {
        for (const w of waiting.values()) w.settle({ error: new Error("the run ended before this step reported a result") });
        return result;
      },
      (error: unknown) => {
        for (const s of scenarios) s.steps.forEach((_, i) => slot(s.name, i).settle({ error }));
        return undefined;
      },
    );
  });

  afterAll(async () => {
    if (!running) return;
    if (unanswered > 0) controller.abort(new Error("the vitest suite ended before the run"));
    await running;
  }, timeout);

  for (const scenario of scenarios) {
    const titles = buildPlan(scenario, { runId: "vitest", probeImage: runOptions.probeImage ?? "busybox" }).steps.map((s) => s.title);
    describe(scenario.name, () => {
      titles.forEach((title, index) => {
        test(title, { timeout }, async (context) => {
          const outcome = await slot(scenario.name, index).promise;
          unanswered -= 1;
          if ("error" in outcome) throw outcome.error;
          if ("scenario" in outcome) {
            const own = outcome.scenario.steps.find((s) => s.index === index);
            if (own?.status === "failed") throw new LabStepFailure(own, scenario.file);
            if (own?.status === "passed") return;
            const why = outcome.scenario.error ? `${outcome.scenario.error.code}: ${outcome.scenario.error.message}` : own?.message;
            if (own?.status === "skipped" && !outcome.scenario.error) return context.skip(why);
            throw new Error(`not run: ${why ?? "the scenario ended first"}`);
          }
          if (outcome.step.status === "failed") throw new LabStepFailure(outcome.step, scenario.file);
          if (outcome.step.status === "skipped") context.skip(outcome.step.message);
        });
      });
    });
  }
}

/** Synchronous, because vitest collects tests synchronously: files and directories -> valid scenarios, or a ValidationError. */
function loadNow(paths: string[]): Scenario[] {
  const files = paths.flatMap((p) => {
    const abs = resolve(p);
    if (!statSync(abs, { throwIfNoEntry: false })?.isDirectory()) return [abs];
    return readdirSync(abs, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
      .map((e) => join(e.parentPath, e.name))
      .sort();
  });
  const diagnostics: Diagnostic[] = [];
  const scenarios: Scenario[] = [];
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      throw new Error(`labSuite: ${file}: no such file or directory`);
    }
    const parsed = parseScenario(file, text);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.scenario) scenarios.push(parsed.scenario);
  }
  if (diagnostics.length > 0) throw new ValidationError(diagnostics);
  return scenarios;
}
