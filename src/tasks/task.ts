import { Type } from "@sinclair/typebox";
import type { StepResult } from "../report/events.js";
import type { Step } from "../scenario/types.js";
import { defineStep, type Outcome, type StepContext } from "../steps/step-kind.js";

/** A task as `run` takes it: the text for the learner, and its steps normalised like top-level ones. */
export interface TaskArgs {
  text: string;
  hint?: string;
  solution: Step[];
  check: Step[];
}

// A task's lists are steps like those of `steps:`; the schema points back at its own `step`
// def (written as a plain $ref: the step def is built from this table, so it cannot be imported here).
const StepList = (description: string) => Type.Array(Type.Unsafe<Record<string, unknown>>({ $ref: "#/$defs/step" }), { minItems: 1, description });

/**
 * `task`: an exercise. `lab run` proves it: its checks must not all pass before the solution
 * (else the exercise is already solved, a defect), the solution is applied, then every check
 * must pass. `lab learn` shows the text and waits for the learner to make the checks pass.
 */
export const task = defineStep({
  kind: "task",
  args: Type.String({
    minLength: 1,
    description:
      "An exercise for the learner: what to do, in a sentence or two, e.g. `Connect legacy to the app network with the alias old, so that web reaches it by that name.` Give it `check:` (the steps that say it is done), `solution:` (the steps that do it) and a `hint:`. `lab run` proves that the checks fail before the solution and pass after it; `lab learn` shows the task and waits until the learner's own docker commands make the checks pass.",
  }),
  stepKeys: {
    solution: StepList(
      "With `task`: the steps that solve the task, e.g. `[{ connect: { container: legacy, network: app, aliases: [old] } }]`. `lab run` applies them; `lab learn` shows them when the learner presses `s`.",
    ),
    check: StepList(
      "With `task`: the probes that say the task is done, e.g. `[{ resolve: { from: web, name: old } }]`. They must not all pass before the solution, and must all pass after it.",
    ),
  },
  check(_text, c) {
    for (const key of ["solution", "check"]) {
      if (c.beside(key) === undefined)
        c.report(
          "E_TASK",
          [],
          `a task needs "${key}:" (${key === "check" ? "the probes that say it is done" : "the steps that do it, so that lab run can prove the exercise solvable"})`,
        );
    }
    for (const key of ["expect", "error"]) {
      if (c.beside(key) !== undefined) c.report("E_TASK", [], `a task takes no "${key}": its checks say what must pass`);
    }
  },
  normalize: (text, beside): TaskArgs => ({
    text,
    hint: beside.key("hint") as string | undefined,
    solution: beside.steps("solution"),
    check: beside.steps("check"),
  }),
  type: "action",
  describe: (a) => `task: ${firstSentence(a.text)}`,
  async run(ctx, a): Promise<Outcome> {
    const evidence: Record<string, string> = {};
    const before = await runChecks(ctx, a, { once: true });
    before.forEach((r, i) => (evidence[`check ${i + 1} before the solution`] = `${r.status === "passed" ? "passes" : "fails"}: ${r.name}: ${r.message}`));
    if (before.every((r) => r.status === "passed")) {
      return {
        ok: false,
        message: `the exercise is already solved: ${countOf(before.length, "check")} already pass${before.length === 1 ? "es" : ""} before the solution, so the task asks nothing of the learner`,
        evidence,
      };
    }
    for (const [i, step] of a.solution.entries()) {
      const r = await runOne(ctx, step);
      evidence[`solution step ${i + 1}`] = `${r.status}: ${r.name}: ${r.message}`;
      if (r.status !== "passed") return { ok: false, message: `the solution does not apply: step ${i + 1} (${r.name}) ${r.status}: ${r.message}`, evidence };
    }
    const after = await runChecks(ctx, a, {});
    after.forEach((r, i) => (evidence[`check ${i + 1} after the solution`] = `${r.status}: ${r.name}: ${r.message}`));
    const failed = after.filter((r) => r.status !== "passed");
    if (failed.length > 0)
      return {
        ok: false,
        message: `the exercise is not solvable as written: after the solution, ${failed.map((r) => `"${r.name}"`).join(", ")} still ${failed.length === 1 ? "fails" : "fail"}: ${failed[0]!.message}`,
        evidence,
      };
    const failing = before.filter((r) => r.status !== "passed").length;
    return {
      ok: true,
      message: `solvable: ${failing} of ${before.length} check${before.length === 1 ? "" : "s"} failed before the solution, and all pass after it`,
      evidence,
    };
  },
});

/** Each check of the task once, in order (`once`: one look at the world as it is now). */
export async function runChecks(ctx: StepContext, a: TaskArgs, o: { once?: boolean }): Promise<StepResult[]> {
  const results: StepResult[] = [];
  for (const step of a.check) results.push(await runOne(ctx, step, o));
  return results;
}

function runOne(ctx: StepContext, step: Step, o: { once?: boolean } = {}): Promise<StepResult> {
  if (!ctx.runStep) throw new Error("a task runs only where the runner gives it its steps (StepContext.runStep)");
  return ctx.runStep(step, o);
}

const countOf = (n: number, what: string): string => (n === 1 ? `its one ${what}` : `all ${n} ${what}s`);

const firstSentence = (text: string): string => {
  const line = text.trim().split(/(?<=[.!?])\s/)[0] ?? text;
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
};
