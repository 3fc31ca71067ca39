import { systemClock, type Clock } from "../clock.js";
import { AbortedError, ExitCode, formatDiagnostic, InputError, ValidationError } from "../errors.js";
import { newRunId } from "../api/run-lab.js";
import { provisionWorld } from "../api/provision-world.js";
import { requireSwarm } from "../api/require-swarm.js";
import type { ScenarioContext } from "../api/scenario-context.js";
import { buildPlan } from "../plan/build-plan.js";
import type { Plan, PlannedStep } from "../plan/plan.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import { LiveWorld } from "../provision/live-world.js";
import { NameRegistry } from "../provision/name-map.js";
import { ProbePool } from "../provision/probe-pool.js";
import type { StepResult } from "../report/events.js";
import { engineRef, type Runtime } from "../runtime/runtime.js";
import { loadScenarios } from "../scenario/load-scenario.js";
import type { Step } from "../scenario/types.js";
import { plannedStep, runStep } from "../steps/run-step.js";
import type { StepContext } from "../steps/step-kind.js";
import { runChecks, type TaskArgs } from "../tasks/task.js";
import { Tracker } from "../teardown/tracker.js";
import { asDockerCommand } from "./solution-text.js";

/** The keyboard: a stream of characters (a terminal in raw mode, or a pipe). */
export interface KeyInput {
  on(event: "data", listener: (chunk: Buffer | string) => void): unknown;
  off(event: "data", listener: (chunk: Buffer | string) => void): unknown;
  resume?(): unknown;
  pause?(): unknown;
  isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
}

export interface LearnOptions {
  file: string;
  input: KeyInput;
  output: { write(text: string): unknown };
  /** Aborted on SIGINT/SIGTERM; Ctrl-C typed in raw mode aborts it too. */
  signal?: AbortSignal;
  runtime?: Runtime;
  context?: string;
  clock?: Clock;
  probeImage?: string;
  pull?: PullPolicy;
  /** The fixed pace of the watch, besides the engine's events. Default 2 s. */
  lookEveryMs?: number;
}

/** `quit`: the task was shown, and the session ended (q, Ctrl-C) before it was done. */
export type TaskStatus = "done" | "skipped" | "quit" | "not reached";

export interface TaskOutcome {
  title: string;
  status: TaskStatus;
  hinted: boolean;
  sawSolution: boolean;
}

export interface LearnResult {
  runId: string;
  tasks: TaskOutcome[];
  /** Resources that the teardown could not remove (`lab clean --run <id>` then does). */
  leftBehind: string[];
  interrupted: boolean;
  exitCode: number;
}

const LOOK_EVERY_MS = 2_000;

/**
 * `lab learn`: the scenario's world under its own names, its steps in order, and at each
 * task a watch: the checks are looked at on every engine event and every 2 s until they all
 * pass, while the learner types docker commands elsewhere. Keys: h hint, s solution, n skip,
 * q quit. The world is always torn down, also on Ctrl-C.
 */
export async function learn(o: LearnOptions): Promise<LearnResult> {
  const say = (text: string): void => void o.output.write(text.endsWith("\n") ? text : `${text}\n`);
  const loaded = await loadScenarios([o.file]);
  if (loaded.diagnostics.length > 0) throw new ValidationError(loaded.diagnostics);
  for (const w of loaded.warnings) say(formatDiagnostic(w));
  const scenario = loaded.scenarios[0];
  if (!scenario || loaded.scenarios.length > 1)
    throw new InputError("E_LEARN_FILE", `lab learn takes one scenario file; ${o.file} holds ${loaded.scenarios.length}`);
  const runId = newRunId();
  const plan = buildPlan(scenario, { runId, probeImage: o.probeImage ?? "busybox", ownNames: true });
  const runtime = o.runtime ?? new (await import("../runtime/dockerode-runtime.js")).DockerodeRuntime(undefined, { context: o.context });
  await requireSwarm(runtime, [scenario]);
  const taken = await namesInTheWay(runtime, plan);
  if (taken.length > 0) {
    throw new InputError(
      "E_NAME_TAKEN",
      `lab learn makes the world of ${scenario.name} under its own names, and ${taken.join(", ")} already exist${taken.length === 1 ? "s" : ""} on this engine. Remove ${taken.length === 1 ? "it" : "them"} first (docker rm -f NAME, docker network rm NAME), or end the other session that uses ${taken.length === 1 ? "it" : "them"}.`,
    );
  }

  const clock = o.clock ?? systemClock;
  const interrupt = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, interrupt.signal]) : interrupt.signal;
  const keys = new Keys(o.input, () => interrupt.abort(new AbortedError("interrupted by Ctrl-C")));
  const tracker = new Tracker();
  const names = new NameRegistry(plan);
  const pool = new ProbePool(runtime, plan, names, tracker);
  const world = new LiveWorld(runtime, names, pool, false);
  const s: ScenarioContext = { plan, runtime, tracker, names, pool, world, clock, signal, emit: () => undefined };
  const ctx: StepContext = { runtime, world, signal };
  const hooks = { clock, onRetry: () => undefined };
  const stepCtx: StepContext = { ...ctx, runStep: (step: Step, r = {}) => runStep(plannedStep(step), ctx, { ...hooks, once: r.once }) };

  const tasks: TaskOutcome[] = plan.steps
    .filter((p) => p.step.kind === "task")
    .map((p) => ({ title: p.title, status: "not reached", hinted: false, sawSolution: false }));
  say(`lab learn ${scenario.name} (run ${runId})`);
  if (scenario.description) say(scenario.description);
  say(`Making the world under its own names: ${worldLine(plan)}`);
  let leftBehind: string[];
  try {
    const provision = await provisionWorld(s, names, o.pull ?? "missing");
    if (provision.thrown !== undefined) {
      if (!signal.aborted) say(`The world could not be made: ${(provision.thrown as Error).message ?? String(provision.thrown)}`);
    } else {
      say("Ready. Use these names as they are: `docker ps`, `docker network ls` show them.\n");
      let n = 0;
      for (const planned of plan.steps) {
        if (signal.aborted) break;
        if (planned.step.kind === "task") {
          const outcome = tasks[n]!;
          const quit = await watchTask(planned, planned.step.args, n++, tasks.length, outcome, {
            stepCtx,
            keys,
            clock,
            runtime,
            signal,
            say,
            lookEveryMs: o.lookEveryMs ?? LOOK_EVERY_MS,
          });
          if (quit) break;
        } else {
          const r = await runStep(planned, ctx, hooks).catch((e: Error): StepResult | undefined => (signal.aborted ? undefined : failedWith(planned, e)));
          if (!r) break;
          say(`${r.status === "passed" ? "✓" : r.status === "skipped" ? "-" : "✗"} ${r.name}${r.status === "passed" ? "" : `: ${r.message}`}`);
          if (r.status === "failed" && r.hint) say(`  hint: ${r.hint}`);
        }
      }
    }
  } finally {
    keys.close();
    await pool.settle();
    const report = await tracker.teardown(runtime);
    leftBehind = report.failures.map((f) => `${f.resource.kind} ${f.resource.name}: ${f.message}`);
    say(`\nTearing down: removed ${report.removed.length} resource${report.removed.length === 1 ? "" : "s"}.`);
    if (leftBehind.length > 0) say(`Could not remove ${leftBehind.join("; ")}. Remove them with: lab clean --run ${runId}`);
  }
  const interrupted = signal.aborted;
  say(summary(scenario.name, tasks, interrupted));
  const exitCode = interrupted
    ? 130
    : leftBehind.length > 0
      ? ExitCode.environment
      : tasks.every((t) => t.status === "done")
        ? ExitCode.passed
        : ExitCode.failed;
  return { runId, tasks, leftBehind, interrupted, exitCode };
}

interface WatchDeps {
  stepCtx: StepContext;
  keys: Keys;
  clock: Clock;
  runtime: Runtime;
  signal: AbortSignal;
  say(text: string): void;
  lookEveryMs: number;
}

/** One task: shown, then watched until its checks pass, it is skipped, or the learner quits (true). */
async function watchTask(_planned: PlannedStep, task: TaskArgs, index: number, count: number, outcome: TaskOutcome, d: WatchDeps): Promise<boolean> {
  const { say } = d;
  say(`\nTask ${index + 1} of ${count}: ${task.text.trim()}`);
  say("  keys: h hint · s show the solution · n skip · q quit");
  const stop = new AbortController();
  const watching = AbortSignal.any([d.signal, stop.signal]);
  let decided: "skip" | "quit" | undefined;
  let wake: (() => void) | undefined;
  let poked: boolean;
  const poke = (): void => {
    poked = true;
    wake?.();
  };
  void d.runtime.watchEvents?.(poke, watching).catch(() => undefined);
  d.keys.listen((key) => {
    if (key === "h") {
      outcome.hinted = true;
      say(task.hint ? `  hint: ${task.hint}` : "  (this task has no hint)");
    } else if (key === "s") {
      outcome.sawSolution = true;
      say(`  solution:\n${task.solution.map((step) => `    $ ${asDockerCommand(step, plannedStep(step).title)}`).join("\n")}`);
    } else if (key === "n" || key === "q") {
      decided = key === "n" ? "skip" : "quit";
      poke();
    }
  });
  let last = "";
  try {
    while (!decided && !d.signal.aborted) {
      poked = false;
      let results: StepResult[];
      try {
        results = await runChecks(d.stepCtx, task, { once: true });
      } catch (error) {
        if (d.signal.aborted) break;
        throw error;
      }
      if (decided || d.signal.aborted) break;
      const failing = results.filter((r) => r.status !== "passed");
      if (failing.length === 0) {
        outcome.status = "done";
        say(
          `✓ Task ${index + 1} done: ${results.length === 1 ? "its check passes" : `all ${results.length} checks pass`} (${results.map((r) => r.name).join("; ")})`,
        );
        return false;
      }
      const line = `  waiting: ${results.length - failing.length} of ${results.length} checks pass; not yet: ${failing[0]!.name}: ${failing[0]!.message}`;
      if (line !== last) say(line);
      last = line;
      if (!poked)
        await new Promise<void>((resolve) => {
          const cancel = d.clock.timer(d.lookEveryMs, resolve);
          wake = () => {
            cancel();
            resolve();
          };
          watching.addEventListener("abort", wake, { once: true });
        });
      wake = undefined;
    }
    if (decided === "skip") {
      outcome.status = "skipped";
      say(`↷ Task ${index + 1} skipped.`);
      return false;
    }
    outcome.status = "quit";
    return true;
  } finally {
    d.keys.listen(undefined);
    stop.abort();
  }
}

/** What a step that threw (not a probe's failure: the engine's) says, as a failed result. */
const failedWith = (planned: PlannedStep, e: Error): StepResult => ({
  index: planned.step.index,
  name: planned.title,
  kind: planned.step.kind,
  expect: planned.step.expect,
  status: "failed",
  message: e.message,
  evidence: {},
  attempts: 1,
  durationMs: 0,
  line: planned.step.line,
});

/** The scenario's containers and networks that already exist under their own names. */
async function namesInTheWay(runtime: Runtime, plan: Plan): Promise<string[]> {
  const exists = (look: Promise<{ name: string }>, name: string): Promise<boolean> =>
    look.then(
      (info) => info.name === name,
      () => false,
    );
  const found = await Promise.all([
    ...plan.networks.map(async (n) =>
      (await exists(runtime.inspectNetwork(engineRef(n.create.name)), n.create.name)) ? `network ${n.create.name}` : undefined,
    ),
    ...plan.containers.map(async (c) =>
      (await exists(runtime.inspectContainer(engineRef(c.create.name)), c.create.name)) ? `container ${c.create.name}` : undefined,
    ),
  ]);
  return found.filter((f): f is string => f !== undefined);
}

const worldLine = (plan: Plan): string =>
  [
    plan.networks.length ? `network${plan.networks.length === 1 ? "" : "s"} ${plan.networks.map((n) => n.name).join(", ")}` : "",
    plan.containers.length ? `container${plan.containers.length === 1 ? "" : "s"} ${plan.containers.map((c) => c.name).join(", ")}` : "",
  ]
    .filter(Boolean)
    .join("; ") || "nothing";

function summary(name: string, tasks: TaskOutcome[], interrupted: boolean): string {
  const done = tasks.filter((t) => t.status === "done").length;
  const lines = tasks.map((t, i) => {
    const how = t.status === "done" ? (t.sawSolution ? "done, after seeing the solution" : t.hinted ? "done, with the hint" : "done") : t.status;
    return `  ${t.status === "done" ? "✓" : t.status === "skipped" ? "↷" : "·"} task ${i + 1}: ${how} (${t.title.replace(/^task: /, "")})`;
  });
  return [`Summary of ${name}${interrupted ? " (interrupted)" : ""}: ${done} of ${tasks.length} task${tasks.length === 1 ? "" : "s"} done`, ...lines].join(
    "\n",
  );
}

/** The keys typed while a task is watched; Ctrl-C in raw mode is the interrupt. */
class Keys {
  private handler: ((key: string) => void) | undefined;
  private readonly onData = (chunk: Buffer | string): void => {
    for (const ch of chunk.toString()) {
      if (ch === "\u0003") this.onInterrupt();
      else this.handler?.(ch.toLowerCase());
    }
  };

  constructor(
    private readonly input: KeyInput,
    private readonly onInterrupt: () => void,
  ) {
    if (input.isTTY) input.setRawMode?.(true);
    input.on("data", this.onData);
    input.resume?.();
  }

  listen(handler: ((key: string) => void) | undefined): void {
    this.handler = handler;
  }

  close(): void {
    this.input.off("data", this.onData);
    if (this.input.isTTY) this.input.setRawMode?.(false);
    this.input.pause?.();
  }
}
