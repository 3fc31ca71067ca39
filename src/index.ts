/**
 * The programmatic API of docker-lab: `load`, `validate`, `run` and `check`, with the same phases as
 * the CLI. Results are data; nothing here prints or exits. Input mistakes reject with a
 * `LabError` (a `ValidationError` carries every diagnostic) before any engine call.
 * docs/api.md has the examples.
 */
import { checkLab } from "./api/check-lab.js";
import { newRunId, runLab } from "./api/run-lab.js";
import type { Selection } from "./api/select.js";
import type { Diagnostic } from "./errors.js";
import type { PullPolicy } from "./provision/ensure-images.js";
import type { Reporter, RunEvent, RunSummary, ScenarioResult } from "./report/events.js";
import { loadScenarios } from "./scenario/load-scenario.js";
import type { Scenario } from "./scenario/types.js";

export type { Diagnostic, SourcePosition } from "./errors.js";
export { AbortedError, EngineError, EnvironmentError, ExitCode, formatDiagnostic, InputError, LabError, ValidationError } from "./errors.js";
export type { Reporter, ResourceName, RunEvent, RunSummary, ScenarioResult, ScenarioStatus, StepResult, StepStatus } from "./report/events.js";
export type { Scenario, ContainerSpec, NetworkSpec, Step } from "./scenario/types.js";
export type { PullPolicy } from "./provision/ensure-images.js";

/** One path or several: scenario files, or directories searched for *.yaml and *.yml. */
export type Paths = string | readonly string[];

export interface LoadResult {
  /** The scenarios that are valid, normalized. */
  scenarios: Scenario[];
  /** Every problem found, at file:line:col; empty when all files are valid. */
  diagnostics: Diagnostic[];
  /** What the engine will refuse where a step expects it to: valid, and said (`severity: "warning"`). */
  warnings: Diagnostic[];
}

export interface ValidateResult extends LoadResult {
  ok: boolean;
}

export interface RunOptions extends Selection {
  /** Every run event, in order, as the CLI's reporters get them. */
  onEvent?: (event: RunEvent) => void;
  /** Reporters of your own (the same interface); `onEvent` is one more. */
  reporters?: Reporter[];
  /** Aborting it stops scheduling and tears everything down; `run` then resolves with what ran. */
  signal?: AbortSignal;
  /** When to pull images: "missing" (default), "always" or "never". */
  pull?: PullPolicy;
  /** Image of the probe containers (default "busybox"). */
  probeImage?: string;
  /** Leave the world up: never (default), always, or when a scenario fails. */
  keep?: "never" | "always" | "on-failure";
  /** Stop at the first failed scenario (teardown still runs). */
  bail?: boolean;
  /** Scenarios at once (default: twice the cores, from 2 to 8). */
  parallel?: number;
  /** Let `from: host` probes reach addresses beyond loopback and the engine's published ports. */
  allowExternal?: boolean;
  /** The run id, which names and labels (`io.lab.run`) every resource; random by default. */
  runId?: string;
}

export interface RunResult {
  runId: string;
  /** True when every scenario passed. */
  ok: boolean;
  /** 0 passed, 1 a scenario failed (or was cut off), 3 environment: the CLI's exit code. */
  exitCode: number;
  /** True when `signal` was aborted during the run. */
  aborted: boolean;
  summary: RunSummary;
  results: ScenarioResult[];
}

const list = (paths: Paths): string[] => (typeof paths === "string" ? [paths] : [...paths]);

/** Reads and checks scenario files: YAML, schema, rules. Never touches the engine. */
export async function load(paths: Paths): Promise<LoadResult> {
  return loadScenarios(list(paths));
}

/** `lab validate`: every problem in every file, as data. */
export async function validate(paths: Paths): Promise<ValidateResult> {
  const loaded = await load(paths);
  return { ...loaded, ok: loaded.diagnostics.length === 0 };
}

/**
 * `lab run`: provisions, probes, reports to `onEvent`, and always tears down. Rejects with a
 * `ValidationError` or `InputError` for bad input (no engine call), resolves with the results
 * otherwise, failed steps and environment errors included.
 */
export async function run(paths: Paths, options: RunOptions = {}): Promise<RunResult> {
  const { onEvent, reporters = [], ...rest } = options;
  const runId = options.runId ?? newRunId();
  const all = onEvent ? [...reporters, { onEvent }] : reporters;
  const { summary, results } = await runLab({ ...rest, paths: list(paths), reporters: all, runId });
  return { runId, ok: summary.exitCode === 0, exitCode: summary.exitCode, aborted: options.signal?.aborted ?? false, summary, results };
}

export interface CheckOptions extends Pick<
  RunOptions,
  "onEvent" | "reporters" | "signal" | "probeImage" | "bail" | "parallel" | "allowExternal" | "runId" | "tags" | "grep" | "shard"
> {
  /** Bind the files' names to the services and networks of this compose project (`web.2`: a service's second replica). */
  composeProject?: string;
  /** Run action steps on the existing world; without it they are refused, before any engine call. */
  allowActions?: boolean;
}

/**
 * `lab check`: the files' steps and declared facts against containers and networks that already
 * exist. Only probe containers are created (and removed); nothing of the world is changed.
 * Rejects like `run` for bad input; resolves with the results otherwise.
 */
export async function check(paths: Paths, options: CheckOptions = {}): Promise<RunResult> {
  const { onEvent, reporters = [], ...rest } = options;
  const runId = options.runId ?? newRunId();
  const all = onEvent ? [...reporters, { onEvent }] : reporters;
  const { summary, results } = await checkLab({ ...rest, paths: list(paths), reporters: all, runId });
  return { runId, ok: summary.exitCode === 0, exitCode: summary.exitCode, aborted: options.signal?.aborted ?? false, summary, results };
}

/**
 * `run` as an async iterator of its events; the last one is `run-end`. Breaking out of the
 * loop aborts the run (and tears it down) before the iterator returns.
 */
export async function* runEvents(paths: Paths, options: Omit<RunOptions, "onEvent"> = {}): AsyncGenerator<RunEvent, RunResult, undefined> {
  const queue: RunEvent[] = [];
  let wake: (() => void) | undefined;
  const stop = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, stop.signal]) : stop.signal;
  let finished = false;
  const running = run(paths, {
    ...options,
    signal,
    onEvent: (event) => {
      queue.push(event);
      wake?.();
    },
  }).finally(() => {
    finished = true;
    wake?.();
  });
  running.catch(() => undefined);
  try {
    for (;;) {
      while (queue.length > 0) yield queue.shift()!;
      if (finished) break;
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    const result = await running;
    return { ...result, aborted: options.signal?.aborted ?? false };
  } finally {
    if (!finished) {
      stop.abort(new Error("the loop over runEvents ended early"));
      await running.catch(() => undefined);
    }
  }
}
