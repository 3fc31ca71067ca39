import type { Clock } from "../clock.js";
import { hostClaims } from "../api/host-locks.js";
import { runScenario, type ScenarioOptions } from "../api/run-scenario.js";
import { buildPlan } from "../plan/build-plan.js";
import type { ScenarioResult, StepResult } from "../report/events.js";
import type { Scenario, Step } from "../scenario/types.js";
import type { ClaimPool } from "./claim-pool.js";
import { deriveMutations, type Candidate } from "./derive-mutations.js";
import { applyMutation, describeMutation, type Mutation } from "./mutation.js";
import { isJudged, probeNamespaces, relevantTo } from "./step-relevance.js";

/** What `lab lint --mutate` says of one step. */
export interface StepVacuity {
  index: number;
  line: number;
  name: string;
  kind: string;
  expect: "pass" | "fail";
  /**
   * `flipped`: a mutant made it go the other way; `cannot-fail`: no mutant did; `not-judged`:
   * an action; `unmutated-failed`: it does not pass in the world as written, so nothing can
   * be said; `skipped`: not run on this engine (`known_differences`).
   */
  verdict: "flipped" | "cannot-fail" | "not-judged" | "unmutated-failed" | "skipped";
  /** The first mutation seen to flip it. */
  flippedBy?: { mutation: Mutation; description: string; message: string };
  /** Mutations relevant to it (touching what it names), and how many of them ran. */
  relevant: number;
  tried: number;
  /** For `unmutated-failed` and `skipped`: what the unmutated run said. */
  message?: string;
}

/** One mutant: the scenario run once under one mutation. */
export interface MutantRun {
  mutation: Mutation;
  description: string;
  runId: string;
  /** `refused`: the engine refused the mutated world (e.g. a create error); its steps say nothing. */
  outcome: "ran" | "refused";
  message?: string;
  /** Indexes of the steps it flipped. */
  flipped: number[];
  /** What each flipped step said in this mutant, by index. */
  said: Record<number, string>;
  durationMs: number;
  teardownFailures: string[];
}

export interface ScenarioVacuity {
  name: string;
  file: string;
  runId: string;
  /** `passed`: every judged step was flipped; `failed`: a step cannot fail or does not pass as written; `error`: the unmutated world could not be provisioned. */
  status: "passed" | "failed" | "error";
  error?: { code: string; message: string };
  steps: StepVacuity[];
  mutants: MutantRun[];
  /** Every mutation derived from the file, run or not. */
  candidates: number;
  durationMs: number;
}

export type MutateScenarioOptions = Omit<ScenarioOptions, "keep" | "bail" | "lookAtFailure" | "emit"> & {
  clock: Clock;
  runId: string;
  probeImage: string;
  pool: ClaimPool;
  /** Mutants of this scenario at once (the pool bounds all scenarios together). */
  parallel: number;
  /** Each mutant as it ends, for progress lines. */
  onMutant?(scenario: Scenario, m: MutantRun): void;
};

/**
 * The vacuity check of one scenario. The world as written runs first (the baseline); then
 * mutants, each a whole run of the mutated scenario (provision, every step, teardown), are
 * chosen greedily: the next one is the mutation relevant to most judged steps not yet
 * flipped and not already covered by a mutant under way. A step is flipped by a mutant
 * where its status differs from the baseline's; a step no relevant mutant flips cannot fail.
 * Steps after a failed one still run: the runner goes on past failures unless told to bail.
 */
export async function mutateScenario(scenario: Scenario, o: MutateScenarioOptions): Promise<ScenarioVacuity> {
  const t0 = o.clock.now();
  const claims = hostClaims(scenario);
  const base = await inSlot(o.pool, claims, () => runOnce(scenario, o.runId, o));
  const candidates = deriveMutations(scenario);
  const steps: StepVacuity[] = scenario.steps.map((step) => {
    const r = base.steps.find((x) => x.index === step.index);
    const judged = isJudged(step);
    const verdict: StepVacuity["verdict"] = !judged
      ? "not-judged"
      : r?.status === "skipped"
        ? "skipped"
        : r?.status === "passed"
          ? "cannot-fail"
          : "unmutated-failed";
    return {
      index: step.index,
      line: step.line,
      name: r?.name ?? step.name,
      kind: step.kind,
      expect: step.expect,
      verdict,
      relevant: 0,
      tried: 0,
      ...(verdict === "skipped" || verdict === "unmutated-failed" ? { message: r?.message } : {}),
    };
  });
  const provisionFailed = base.error !== undefined && base.steps.every((r) => r.status === "skipped");
  const done = (mutants: MutantRun[]): ScenarioVacuity => ({
    name: scenario.name,
    file: scenario.file,
    runId: o.runId,
    status: provisionFailed ? "error" : steps.some((s) => s.verdict === "cannot-fail" || s.verdict === "unmutated-failed") ? "failed" : "passed",
    ...(base.error ? { error: base.error } : {}),
    steps,
    mutants,
    candidates: candidates.length,
    durationMs: o.clock.now() - t0,
  });
  if (provisionFailed) return done([]);

  // The steps the mutants can speak of: judged, and passing as written.
  const open = steps.filter((s) => s.verdict === "cannot-fail");
  const relevance = new Map(open.map((s) => [s.index, new Set(relevantTo(scenario, scenario.steps[s.index]!, candidates))]));
  for (const s of open) s.relevant = relevance.get(s.index)!.size;
  const limits = timeoutLimits(scenario, base.steps);
  const tried = new Set<number>();
  const covered = new Map<number, Set<number>>();
  const inflight = new Map<number, Promise<void>>();
  const mutants: MutantRun[] = [];

  const unflipped = (): StepVacuity[] => open.filter((s) => s.verdict === "cannot-fail");
  const choose = (): number | undefined => {
    const busy = new Set([...covered.values()].flatMap((c) => [...c]));
    let best: { i: number; score: number } | undefined;
    for (let i = 0; i < candidates.length; i++) {
      if (tried.has(i)) continue;
      const score = unflipped().filter((s) => !busy.has(s.index) && relevance.get(s.index)!.has(i)).length;
      if (score > 0 && (!best || score > best.score)) best = { i, score };
    }
    return best?.i;
  };

  for (;;) {
    if (o.signal.aborted) break;
    if (inflight.size >= Math.max(1, o.parallel)) {
      await Promise.race(inflight.values());
      continue;
    }
    const release = await o.pool.acquire(claims);
    const i = o.signal.aborted ? undefined : choose();
    if (i === undefined) {
      release();
      if (inflight.size === 0) break;
      await Promise.race(inflight.values());
      continue;
    }
    tried.add(i);
    const touched = unflipped().filter((s) => relevance.get(s.index)!.has(i));
    for (const s of touched) s.tried++;
    covered.set(i, new Set(touched.map((s) => s.index)));
    const run = runMutant(scenario, candidates[i]!, `${o.runId}m${i}`, limits, o)
      .then((m) => {
        mutants.push(m);
        for (const s of open.filter((x) => m.flipped.includes(x.index) && x.verdict === "cannot-fail"))
          Object.assign(s, { verdict: "flipped", flippedBy: { mutation: m.mutation, description: m.description, message: m.said[s.index] ?? "" } });
        o.onMutant?.(scenario, m);
      })
      .finally(() => {
        release();
        covered.delete(i);
        inflight.delete(i);
      });
    inflight.set(i, run);
  }
  await Promise.allSettled(inflight.values());
  mutants.sort((a, b) => a.runId.localeCompare(b.runId, undefined, { numeric: true }));
  return done(mutants);
}

async function inSlot<T>(pool: ClaimPool, claims: string[], work: () => Promise<T>): Promise<T> {
  const release = await pool.acquire(claims);
  try {
    return await work();
  } finally {
    release();
  }
}

/** One run of a scenario, as `lab run` runs it, past failures, torn down whatever happens. */
function runOnce(scenario: Scenario, runId: string, o: MutateScenarioOptions): Promise<ScenarioResult> {
  const plan = buildPlan(scenario, { runId, probeImage: o.probeImage });
  return runScenario(plan, { ...o, keep: "never", bail: false, lookAtFailure: false, emit: () => {} });
}

async function runMutant(scenario: Scenario, c: Candidate, runId: string, limits: Map<number, number>, o: MutateScenarioOptions): Promise<MutantRun> {
  const t0 = o.clock.now();
  const description = describeMutation(c.mutation);
  const mutated = applyMutation(scenario, c.mutation);
  const limited = { ...mutated, steps: mutated.steps.map((s) => ({ ...s, timeoutMs: limits.get(s.index) ?? s.timeoutMs })) };
  const r = await runOnce(limited, runId, o);
  const refused = r.error !== undefined && r.steps.every((s) => s.status === "skipped");
  const flipped = refused ? [] : r.steps.filter((s) => s.status === "failed" && s.attempts > 0 && counts(scenario.steps[s.index]!, s, c.mutation));
  return {
    mutation: c.mutation,
    description,
    runId,
    outcome: refused ? "refused" : "ran",
    ...(refused ? { message: r.error!.message } : {}),
    flipped: flipped.map((s) => s.index),
    said: Object.fromEntries(flipped.map((s) => [s.index, s.message])),
    durationMs: o.clock.now() - t0,
    teardownFailures: r.teardown.failures,
  };
}

/**
 * Whether a mutant's failure of a judged step says something about the step's claim. A probe
 * that could not run (`no-probe`: the container it runs in is not running, the target has no
 * address) observed nothing; so a step is never flipped merely because the container its
 * probe (or a task's check) runs in was left stopped.
 */
function counts(step: Step, r: StepResult, m: Mutation): boolean {
  if (!isJudged(step) || r.reason === "no-probe") return false;
  return m.kind !== "stop" || !probeNamespaces(step).includes(m.container);
}

/**
 * How long each probe may take in a mutant: what it took in the baseline, doubled, with 3 s
 * to spare, within its own timeout. A step the mutation breaks then fails in seconds, not
 * after its whole timeout; one that needed time to pass as written still has it.
 */
function timeoutLimits(scenario: Scenario, baseline: readonly StepResult[]): Map<number, number> {
  const limits = new Map<number, number>();
  for (const step of scenario.steps) {
    const r = baseline.find((x) => x.index === step.index);
    if (!r || step.kind === "task" || !isJudged(step) || r.status !== "passed") continue;
    limits.set(step.index, Math.min(step.timeoutMs, Math.max(2 * r.durationMs, r.durationMs + 3_000)));
  }
  return limits;
}
