import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { systemClock, type Clock } from "../clock.js";
import { formatDiagnostic, InputError, ValidationError } from "../errors.js";
import { topologyOf } from "../graph/topology.js";
import { buildPlan } from "../plan/build-plan.js";
import { engineHostOf } from "../probes/host-connect.js";
import type { PullPolicy } from "../provision/ensure-images.js";
import type { Reporter, RunEvent, RunSummary, ScenarioResult } from "../report/events.js";
import type { Runtime } from "../runtime/runtime.js";
import { loadScenarios } from "../scenario/load-scenario.js";
import { hostClaims, schedule } from "./host-locks.js";
import { requireSwarm } from "./require-swarm.js";
import { runScenario } from "./run-scenario.js";
import { select, type Selection } from "./select.js";
import { runSummary } from "./run-summary.js";
import { imageRefProblem } from "../scenario/image-ref.js";
import { cutEvent } from "../report/cut-evidence.js";

export interface LabOptions extends Selection {
  paths: string[];
  reporters: Reporter[];
  pull?: PullPolicy;
  probeImage?: string;
  keep?: "never" | "always" | "on-failure";
  bail?: boolean;
  parallel?: number;
  /** `--allow-external`: `from: host` probes may reach addresses beyond loopback and the engine's published ports. */
  allowExternal?: boolean;
  /** Aborting it stops scheduling and tears everything down (Ctrl-C). */
  signal?: AbortSignal;
  runtime?: Runtime;
  /** `--context`: the docker context that names the engine (when no runtime is given). */
  context?: string;
  clock?: Clock;
  runId?: string;
}

export const newRunId = (): string => randomBytes(3).toString("hex");
export const defaultParallelism = (): number => Math.max(2, Math.min(8, availableParallelism() * 2));

/**
 * The one place that wires the phases: load, validate, plan, then for each scenario
 * provision, probe, report and tear down. Input errors throw before any engine call.
 */
export async function runLab(o: LabOptions): Promise<{ summary: RunSummary; results: ScenarioResult[] }> {
  const clock = o.clock ?? systemClock;
  const t0 = clock.now();
  const loaded = await loadScenarios(o.paths);
  if (loaded.diagnostics.length > 0) throw new ValidationError(loaded.diagnostics);
  if (loaded.scenarios.length === 0) throw new InputError("E_NOTHING_TO_RUN", `No scenario to run in ${o.paths.join(", ")}.`);
  // An empty shard is not an error: it runs nothing and says so.
  const scenarios = select(loaded.scenarios, o);
  const runId = o.runId ?? newRunId();
  // Real names are lab-<run>-<scenario>--<name>: a run id with a dash would let two runs' names meet.
  if (!/^[a-z0-9]{1,32}$/.test(runId)) throw new InputError("E_RUN_ID", `run id "${runId}" must be 1 to 32 lowercase letters and digits`);
  const probeProblem = imageRefProblem(o.probeImage ?? "busybox");
  if (probeProblem) throw new InputError("E_IMAGE", `the probe image: ${probeProblem}`);
  const plans = scenarios.map((s) => buildPlan(s, { runId, probeImage: o.probeImage ?? "busybox" }));

  // Reporters see every text cut to size (cut-evidence.ts): a 20 MB line costs a report a few KiB.
  const emit = (event: RunEvent): void => {
    const shown = cutEvent(event);
    o.reporters.forEach((r) => r.onEvent(shown));
  };
  const runtime = o.runtime ?? new (await import("../runtime/dockerode-runtime.js")).DockerodeRuntime(undefined, { context: o.context });
  const engine = plans.length > 0 ? await runtime.info() : undefined;
  await requireSwarm(
    runtime,
    plans.map((p) => p.scenario),
    engine?.engine,
  );

  emit({
    type: "run-start",
    runId,
    scenarios: plans.map((p) => ({
      name: p.scenario.name,
      file: p.scenario.file,
      steps: p.steps.map((s) => s.title),
      description: p.scenario.description,
      tags: p.scenario.tags,
      topology: topologyOf(p.scenario),
    })),
  });
  // A valid file can still hold what the engine will refuse, where a step expects it to: said once, up front.
  for (const w of loaded.warnings) if (scenarios.some((s) => s.file === w.file)) emit({ type: "notice", message: formatDiagnostic(w) });
  if (plans.length === 0)
    emit({
      type: "notice",
      message: `--shard ${o.shard} has no scenario of the ${select(loaded.scenarios, { ...o, shard: undefined }).length} selected; nothing to run.`,
    });
  const bail = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, bail.signal]) : bail.signal;
  const results = await schedule(
    plans.map((plan) => ({
      claims: hostClaims(plan.scenario),
      run: async () => {
        const result = await runScenario(plan, {
          runtime,
          clock,
          signal,
          pull: o.pull ?? "missing",
          keep: o.keep ?? "never",
          bail: o.bail ?? false,
          engineIsRemote: engine?.remote ?? false,
          engine: engine?.engine,
          allowExternal: o.allowExternal,
          engineHost: engine && engineHostOf(engine.endpoint, engine.remote),
          emit,
        });
        if (o.bail && result.status !== "passed" && result.status !== "skipped") bail.abort(new Error("--bail: an earlier scenario failed"));
        return result;
      },
    })),
    o.parallel ?? defaultParallelism(),
    () => signal.aborted,
  );
  const done = results.filter((r): r is ScenarioResult => r !== undefined);
  const summary = runSummary(runId, done, plans.length, clock.now() - t0, engine);
  emit({ type: "run-end", summary, results: done });
  await Promise.all(o.reporters.map((r) => r.close?.()));
  return { summary, results: done };
}
