import type { Clock } from "../clock.js";
import { AbortedError, lostEngine, ProbeError } from "../errors.js";
import type { PlannedStep } from "../plan/plan.js";
import { cutEvidence } from "../report/cut-evidence.js";
import type { StepResult } from "../report/events.js";
import { retry } from "../retry.js";
import { formatDuration } from "../scenario/duration.js";
import type { Step } from "../scenario/types.js";
import { typeOf, type Outcome, type StepContext, type StepType } from "./step-kind.js";
import { stepKind, type StepKindName } from "./step-table.js";
import { matchesError } from "./text-match.js";

interface Attempt extends Outcome {
  /** The step could not observe at all: never a pass, whatever `expect` says. */
  broken?: boolean;
  /** The attempt was cut short by the step's own deadline, so it observed nothing. */
  cut?: boolean;
}

export interface StepHooks {
  clock: Clock;
  onRetry(attempt: number, elapsedMs: number, message: string): void;
  /** One attempt, no retry: a look at the world as it is now (a task's checks before its solution, `lab learn`'s watch). */
  once?: boolean;
}

/**
 * Runs one step and decides its result. A `pass` probe is retried until it passes or its
 * timeout runs out ("eventually"); a `fail` step and every action run once. An action's
 * refusal by the engine is its failure; a probe that cannot run at all is broken, and a
 * broken probe never counts as an expected failure.
 */
export async function runStep(planned: PlannedStep, ctx: StepContext, hooks: StepHooks): Promise<StepResult> {
  const { step, title } = planned;
  const { type, confirmSuccess, network, run } = bind(step);
  const started = hooks.clock.now();
  // Known not to hold on this engine: reported with its reason, never run (docs/engines.md).
  const known = ctx.engine && step.knownDifferences[ctx.engine];
  if (known)
    return {
      index: step.index,
      name: title,
      kind: step.kind,
      expect: step.expect,
      status: "skipped",
      message: knownDifference(ctx.engine!, known),
      evidence: {},
      hint: step.hint,
      attempts: 0,
      durationMs: 0,
      line: step.line,
    };
  // Every attempt gets what is left of the step's timeout, down to the last millisecond.
  const remainingMs = (): number => Math.max(0, step.timeoutMs - (hooks.clock.now() - started));
  // A kind that runs steps of its own (a task) runs them as this runner does.
  const nested = (inner: Step, o: { once?: boolean } = {}): Promise<StepResult> => runStep(plannedStep(inner), ctx, { ...hooks, once: o.once });
  const attemptCtx: StepContext = { ...ctx, remainingMs, runStep: nested };
  const attempt = async (): Promise<Attempt> => {
    try {
      return await run(attemptCtx);
    } catch (error) {
      if (ctx.signal.aborted) throw ctx.signal.reason instanceof Error ? ctx.signal.reason : new AbortedError(String(ctx.signal.reason));
      // Without an engine no later attempt or step can run: the scenario ends here (exit 3).
      const lost = lostEngine(error);
      if (lost) throw lost;
      const said = (error as Error).message;
      const limit = remainingMs() === 0 ? ` (stopped at the step's timeout of ${formatDuration(step.timeoutMs)})` : "";
      const message = (ctx.world.inScenarioTerms?.(said) ?? said) + limit;
      return { ok: false, message, broken: type === "probe" || error instanceof ProbeError, cut: limit !== "", evidence: {} };
    }
  };
  // A retried probe's last attempt gets only the crumbs of the timeout; when that runs out it
  // saw nothing, and the answer to report is the last attempt that did see something.
  let lastSeen: Attempt | undefined;
  const observed = async (): Promise<Attempt> => {
    const result = await attempt();
    if (!result.cut) lastSeen = result;
    return result.cut && lastSeen ? lastSeen : result;
  };

  const retried =
    type === "probe" && step.expect === "pass" && !hooks.once
      ? await retry(observed, {
          clock: hooks.clock,
          timeoutMs: step.timeoutMs,
          signal: ctx.signal,
          done: (o) => o.ok || !!o.skipped || !!o.refused,
          onRetry: (n, ms, o) => hooks.onRetry(n, ms, o.message),
        })
      : type === "probe" && confirmSuccess
        ? await confirmed(attempt, hooks.clock, ctx.signal)
        : { result: await attempt(), attempts: 1, timedOut: false };
  const outcome = retried.result;

  const base: Omit<StepResult, "status" | "message"> = {
    index: step.index,
    name: title,
    kind: step.kind,
    expect: step.expect,
    // Evidence is data that may hold a container's output: cut to size where it is made, for every report and API caller.
    evidence: cutEvidence(outcome.evidence ?? {}),
    hint: step.hint,
    attempts: retried.attempts,
    durationMs: hooks.clock.now() - started,
    line: step.line,
  };
  if (outcome.matrix) base.matrix = outcome.matrix;
  if (outcome.skipped) return { ...base, status: "skipped", message: outcome.message };
  // A network probe that did not get to observe anything says so in the one word reports filter on.
  const reason = !outcome.ok && network ? (outcome.broken || outcome.refused ? "no-probe" : outcome.reason) : undefined;
  const failed = reason ? { ...base, reason } : base;
  if (step.expect === "pass") {
    if (outcome.ok) return { ...base, status: "passed", message: outcome.message };
    const waited = retried.timedOut ? ` (still failing after ${formatDuration(step.timeoutMs)}, the step's timeout; ${retried.attempts} attempts)` : "";
    return { ...failed, status: "failed", message: outcome.message + waited };
  }
  if (outcome.broken || outcome.refused)
    return { ...failed, status: "failed", message: `the probe could not run, so the expected failure was not observed: ${outcome.message}` };
  if (outcome.ok) return { ...base, status: "failed", message: `expected a failure, but ${lowerFirst(outcome.message)}` };
  if (step.reason && reason !== step.reason) {
    return {
      ...failed,
      status: "failed",
      message: `failed as expected, but ${reason ? `for the reason "${reason}"` : "for no reason lab can classify"}, not "${step.reason}": ${outcome.message}`,
    };
  }
  // The failure text is the sentence and its evidence: the engine's or the tool's own words often sit in the latter.
  const failureText = [outcome.message, ...Object.values(outcome.evidence ?? {})].join("\n");
  if (!matchesError(step.error, failureText)) {
    return { ...failed, status: "failed", message: `failed as expected, but not with "${step.error}": ${outcome.message}` };
  }
  return { ...failed, status: "passed", message: `failed as expected: ${outcome.message}` };
}

/** A step with the title reports give it: its name, else what its kind says it does. */
export const plannedStep = (step: Step): PlannedStep => ({ step, title: step.name || describe(step) });

const describe = <K extends StepKindName>(step: Step<K>): string => stepKind(step.kind).describe(step.args, step.expect);

/** A step's kind bound to its arguments: the one place where a step meets its kind, typed by the table. */
function bind<K extends StepKindName>(step: Step<K>): { type: StepType; confirmSuccess: boolean; network: boolean; run(ctx: StepContext): Promise<Outcome> } {
  const kind = stepKind(step.kind);
  return {
    type: typeOf(kind, step.args),
    confirmSuccess: kind.confirmSuccess === true,
    network: kind.network === true,
    run: (ctx) => kind.run(ctx, step.args),
  };
}

/** Looks taken after a surprising success, and the pause before each. */
const CONFIRMATIONS = 2;
const CONFIRM_PAUSE_MS = 100;

/**
 * A `fail` probe is tried once, but a success of a kind that can succeed for a moment must
 * hold: Engine 20.10 re-inserts its FORWARD jumps whenever any network is created, and for
 * those ~15 ms a packet crosses between user-defined networks (docs/scenario-format.md).
 * Every later look must succeed too: a path that is open answers each of them, and a
 * refuted success would let a `fail` step pass. The refuted look is kept as evidence.
 */
async function confirmed(attempt: () => Promise<Attempt>, clock: Clock, signal: AbortSignal): Promise<{ result: Attempt; attempts: number; timedOut: false }> {
  const first = await attempt();
  if (!first.ok) return { result: first, attempts: 1, timedOut: false };
  for (let look = 2; look <= 1 + CONFIRMATIONS; look++) {
    await clock.sleep(CONFIRM_PAUSE_MS, signal);
    const again = await attempt();
    // A look that could not be taken confirms nothing either way: the success stands.
    if (again.broken) return { result: first, attempts: look, timedOut: false };
    if (!again.ok) {
      const evidence = { ...again.evidence, "an earlier look": `${first.message}; look ${look} of ${1 + CONFIRMATIONS} did not, so it was momentary` };
      return { result: { ...again, evidence }, attempts: look, timedOut: false };
    }
  }
  return { result: first, attempts: 1 + CONFIRMATIONS, timedOut: false };
}

/** The sentence of a step or scenario skipped for a known difference of the engine. */
export const knownDifference = (engine: string, reason: string): string => `known difference on ${engine}: ${reason}`;

const lowerFirst = (s: string): string => s.charAt(0).toLowerCase() + s.slice(1);
