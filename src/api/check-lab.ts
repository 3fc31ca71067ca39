import { readFile } from "node:fs/promises";
import { systemClock, type Clock } from "../clock.js";
import { declaredFacts, type Fact, type Positions } from "../check/declared-facts.js";
import { formatDiagnostic, InputError, ValidationError } from "../errors.js";
import { topologyOf } from "../graph/topology.js";
import { buildPlan } from "../plan/build-plan.js";
import type { Plan } from "../plan/plan.js";
import { engineHostOf } from "../probes/host-connect.js";
import type { Reporter, RunEvent, RunSummary, ScenarioResult } from "../report/events.js";
import type { Runtime } from "../runtime/runtime.js";
import { loadScenarios } from "../scenario/load-scenario.js";
import { SourceFile, type DocPath } from "../scenario/source-file.js";
import type { Scenario } from "../scenario/types.js";
import { checkScenario } from "./check-scenario.js";
import { schedule } from "./host-locks.js";
import { defaultParallelism, newRunId } from "./run-lab.js";
import { select, type Selection } from "./select.js";
import { runSummary } from "./run-summary.js";
import { cutEvent } from "../report/cut-evidence.js";

export interface CheckLabOptions extends Selection {
  paths: string[];
  reporters: Reporter[];
  /** `--compose-project`: the file's names are services and networks of this compose project. */
  composeProject?: string;
  /** `--allow-actions`: run action steps on the existing world (refused otherwise). */
  allowActions?: boolean;
  probeImage?: string;
  bail?: boolean;
  parallel?: number;
  allowExternal?: boolean;
  signal?: AbortSignal;
  runtime?: Runtime;
  context?: string;
  clock?: Clock;
  runId?: string;
}

/**
 * `lab check`: each file's names bound to a world that already exists, its declarations
 * judged as facts and its steps run against it. Input errors (an action step without
 * `--allow-actions` among them) throw before any engine call. The only resources created
 * are probe containers, labelled with the run like everything lab makes, and removed.
 */
export async function checkLab(o: CheckLabOptions): Promise<{ summary: RunSummary; results: ScenarioResult[] }> {
  const clock = o.clock ?? systemClock;
  const t0 = clock.now();
  const loaded = await loadScenarios(o.paths, { mode: "check", allowActions: o.allowActions });
  if (loaded.diagnostics.length > 0) throw new ValidationError(loaded.diagnostics);
  if (loaded.scenarios.length === 0) throw new InputError("E_NOTHING_TO_RUN", `No file to check in ${o.paths.join(", ")}.`);
  if (o.composeProject !== undefined && !/^[a-z0-9][a-z0-9_-]*$/.test(o.composeProject)) {
    throw new InputError(
      "E_USAGE",
      `--compose-project "${o.composeProject}" is not a compose project name: lowercase letters, digits, "-" and "_", starting with a letter or digit`,
    );
  }
  const scenarios = select(loaded.scenarios, o);
  const runId = o.runId ?? newRunId();
  const checks = await Promise.all(scenarios.map(async (scenario) => checkPlan(scenario, runId, o.probeImage ?? "busybox")));

  // Reporters see every text cut to size (cut-evidence.ts): a 20 MB line costs a report a few KiB.
  const emit = (event: RunEvent): void => {
    const shown = cutEvent(event);
    o.reporters.forEach((r) => r.onEvent(shown));
  };
  const runtime = o.runtime ?? new (await import("../runtime/dockerode-runtime.js")).DockerodeRuntime(undefined, { context: o.context });
  const engine = checks.length > 0 ? await runtime.info() : undefined;

  emit({
    type: "run-start",
    runId,
    scenarios: checks.map(({ plan, facts }) => ({
      name: plan.scenario.name,
      file: plan.scenario.file,
      steps: [...facts.map((f) => f.title), ...plan.steps.map((s) => s.title)],
      description: plan.scenario.description,
      tags: plan.scenario.tags,
      topology: topologyOf(plan.scenario),
    })),
  });
  // A valid file can still hold what the engine will refuse, where a step expects it to: said once, up front.
  for (const w of loaded.warnings) if (scenarios.some((s) => s.file === w.file)) emit({ type: "notice", message: formatDiagnostic(w) });
  if (checks.length === 0)
    emit({
      type: "notice",
      message: `--shard ${o.shard} has no file of the ${select(loaded.scenarios, { ...o, shard: undefined }).length} selected; nothing to check.`,
    });
  const bail = new AbortController();
  const signal = o.signal ? AbortSignal.any([o.signal, bail.signal]) : bail.signal;
  const results = await schedule(
    checks.map(({ plan, facts, positions }) => ({
      // Nothing of the host is claimed: the world is already up, and probes publish nothing.
      claims: [],
      run: async () => {
        const result = await checkScenario(plan, {
          runtime,
          clock,
          signal,
          bail: o.bail ?? false,
          engineIsRemote: engine?.remote ?? false,
          allowExternal: o.allowExternal,
          engineHost: engine && engineHostOf(engine.endpoint, engine.remote),
          composeProject: o.composeProject,
          facts,
          lineOf: (kind, name) => positions.line([kind, name]),
          emit,
        });
        if (o.bail && result.status !== "passed") bail.abort(new Error("--bail: an earlier file failed"));
        return result;
      },
    })),
    o.parallel ?? defaultParallelism(),
    () => signal.aborted,
  );
  const done = results.filter((r): r is ScenarioResult => r !== undefined);
  const summary = runSummary(runId, done, checks.length, clock.now() - t0, engine);
  emit({ type: "run-end", summary, results: done });
  await Promise.all(o.reporters.map((r) => r.close?.()));
  return { summary, results: done };
}

/** The facts of a file come first (indexes 0…k-1); its steps follow them, renumbered, so that reporters see one list. */
async function checkPlan(scenario: Scenario, runId: string, probeImage: string): Promise<{ plan: Plan; facts: Fact[]; positions: Positions }> {
  const positions = positionsIn(new SourceFile(scenario.file, await readFile(scenario.file, "utf8")));
  const facts = declaredFacts(scenario, positions);
  const plan = buildPlan(scenario, { runId, probeImage });
  return { plan: { ...plan, images: [], steps: plan.steps.map((p) => ({ ...p, step: { ...p.step, index: p.step.index + facts.length } })) }, facts, positions };
}

/** Lines of the file's declarations (at the key, where the path ends in one), and whether the author wrote a key at all. */
export function positionsIn(source: SourceFile): Positions {
  return {
    line: (path) => source.at(path, { key: true }).line,
    written: (path) => valueAt(source.data, path) !== undefined,
  };
}

function valueAt(data: unknown, path: DocPath): unknown {
  let node = data;
  for (const segment of path) {
    if (Array.isArray(node) && typeof segment === "number") node = node[segment];
    else if (node !== null && typeof node === "object" && !Array.isArray(node) && typeof segment === "string" && Object.hasOwn(node, segment))
      node = (node as Record<string, unknown>)[segment];
    else return undefined;
  }
  return node === null ? "" : node;
}
