import { systemClock, type Clock } from "../clock.js";
import { ExitCode, InputError, ValidationError } from "../errors.js";
import { newRunId } from "../api/run-lab.js";
import { engineHostOf } from "../probes/host-connect.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import type { Runtime } from "../runtime/runtime.js";
import { imageRefProblem } from "../scenario/image-ref.js";
import { loadScenarios } from "../scenario/load-scenario.js";
import type { Scenario } from "../scenario/types.js";
import { ClaimPool } from "./claim-pool.js";
import { mutateScenario, type MutantRun, type ScenarioVacuity } from "./mutate-scenario.js";

export interface MutateOptions {
  paths: string[];
  /** Mutants at once, over all the files (default 3). */
  parallel?: number;
  pull?: PullPolicy;
  probeImage?: string;
  allowExternal?: boolean;
  signal?: AbortSignal;
  runtime?: Runtime;
  context?: string;
  clock?: Clock;
  runId?: string;
  onMutant?(scenario: Scenario, m: MutantRun): void;
}

export interface VacuityReport {
  runId: string;
  scenarios: ScenarioVacuity[];
  summary: { judged: number; flipped: number; cannotFail: number; failedUnmutated: number; mutants: number; refused: number; durationMs: number };
  exitCode: ExitCode;
}

export const DEFAULT_MUTANT_PARALLELISM = 3;

/**
 * `lab lint --mutate`: for every judged step of every file, a change of the world under
 * which it goes the other way. Input errors throw before any engine call; every scenario's
 * mutants share one bounded pool.
 */
export async function mutateLab(o: MutateOptions): Promise<VacuityReport> {
  const clock = o.clock ?? systemClock;
  const t0 = clock.now();
  const loaded = await loadScenarios(o.paths);
  if (loaded.diagnostics.length > 0) throw new ValidationError(loaded.diagnostics);
  if (loaded.scenarios.length === 0) throw new InputError("E_NOTHING_TO_RUN", `No scenario to check in ${o.paths.join(", ")}.`);
  const runId = o.runId ?? newRunId();
  // Mutants add `m<n>` to the run id: it must stay within the run id's 32 characters.
  if (!/^[a-z0-9]{1,24}$/.test(runId)) throw new InputError("E_RUN_ID", `run id "${runId}" must be 1 to 24 lowercase letters and digits`);
  const probeImage = o.probeImage ?? "busybox";
  const problem = imageRefProblem(probeImage);
  if (problem) throw new InputError("E_IMAGE", `the probe image: ${problem}`);

  const runtime = o.runtime ?? new (await import("../runtime/dockerode-runtime.js")).DockerodeRuntime(undefined, { context: o.context });
  const engine = await runtime.info();
  const parallel = o.parallel ?? DEFAULT_MUTANT_PARALLELISM;
  const pool = new ClaimPool(parallel);
  const signal = o.signal ?? new AbortController().signal;
  const scenarios = await Promise.all(
    loaded.scenarios.map((scenario, i) =>
      mutateScenario(scenario, {
        runtime,
        clock,
        signal,
        pool,
        parallel,
        // Each file its own run id, so that its mutants' names never meet another file's.
        runId: loaded.scenarios.length === 1 ? runId : `${runId}s${i}`,
        probeImage,
        pull: o.pull ?? "missing",
        engineIsRemote: engine.remote,
        engine: engine.engine,
        engineHost: engineHostOf(engine.endpoint, engine.remote),
        allowExternal: o.allowExternal,
        onMutant: o.onMutant,
      }),
    ),
  );
  const steps = scenarios.flatMap((s) => s.steps);
  const count = (v: string): number => steps.filter((s) => s.verdict === v).length;
  const mutants = scenarios.flatMap((s) => s.mutants);
  return {
    runId,
    scenarios,
    summary: {
      judged: count("flipped") + count("cannot-fail"),
      flipped: count("flipped"),
      cannotFail: count("cannot-fail"),
      failedUnmutated: count("unmutated-failed"),
      mutants: mutants.length,
      refused: mutants.filter((m) => m.outcome === "refused").length,
      durationMs: clock.now() - t0,
    },
    exitCode: signal.aborted
      ? ExitCode.failed
      : scenarios.some((s) => s.status === "error")
        ? ExitCode.environment
        : scenarios.some((s) => s.status === "failed")
          ? ExitCode.failed
          : ExitCode.passed,
  };
}
