import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isMap, isSeq, parseDocument } from "yaml";
import { lab, leftovers, SCENARIOS } from "./cli.js";

const EXERCISES = join(SCENARIOS, "exercises");

interface Mutant {
  /** The exercise file and the scenario name of its copy. */
  file: string;
  name: string;
  /** 0-based index, among the copy's steps, of the task whose solution is gone. */
  step: number;
  task: number;
}

/**
 * Every file of scenarios/exercises/ with tasks, once per task, with that task's `solution:`
 * replaced by a step that does nothing (`sleep: 1ms`; a task must have a solution, so it cannot
 * simply be left out). Without the solution the checks must fail: this proves that no
 * exercise's checks pass vacuously, whatever files the directory holds.
 */
async function withoutSolutions(dir: string): Promise<Mutant[]> {
  const mutants: Mutant[] = [];
  const files = (await readdir(EXERCISES, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const text = await readFile(join(EXERCISES, file), "utf8");
    const steps = parseDocument(text).get("steps");
    if (!isSeq(steps)) continue;
    const tasks = steps.items.flatMap((item, i) => (isMap(item) && item.has("task") ? [i] : []));
    for (const [k, i] of tasks.entries()) {
      const doc = parseDocument(text);
      const name = `${String(doc.get("name"))}-without-solution-${k + 1}`;
      doc.set("name", name);
      const step = (doc.get("steps") as typeof steps).items[i];
      if (!isMap(step)) throw new Error(`${file}: step ${i + 1} is not a map`);
      step.set("solution", doc.createNode([{ sleep: "1ms" }]));
      await writeFile(join(dir, `${file.replaceAll("/", "_").replace(/\.ya?ml$/, "")}-${k + 1}.yaml`), doc.toString());
      mutants.push({ file, name, step: i, task: k });
    }
  }
  return mutants;
}

interface JsonStep {
  index: number;
  name: string;
  kind: string;
  status: string;
  message: string;
  evidence: Record<string, string>;
}
interface JsonScenario {
  name: string;
  status: string;
  runId: string;
  steps: JsonStep[];
}

describe("each exercise's checks fail when its solution is removed", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-no-solution-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("lab run fails at that very task, saying the checks still fail after the (empty) solution", async () => {
    const mutants = await withoutSolutions(dir);
    // The course has at least six exercises with a task each (issue 14); an empty list would prove nothing.
    expect(new Set(mutants.map((m) => m.file)).size).toBeGreaterThanOrEqual(6);
    const r = await lab(["run", dir, "--reporter", "json", "--parallel", "6"], { timeoutMs: 300_000 });
    // Exit 1 is "a step failed"; 2 would be a copy the loader refused, 3 the environment.
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { runId: string; scenarios: JsonScenario[] };
    try {
      expect(report.scenarios.map((s) => s.name).sort()).toEqual(mutants.map((m) => m.name).sort());
      for (const m of mutants) {
        const scenario = report.scenarios.find((s) => s.name === m.name)!;
        const tasks = scenario.steps.filter((s) => s.kind === "task");
        const gone = tasks[m.task];
        expect(gone, `${m.file}: task ${m.task + 1} has a result`).toBeDefined();
        expect(`${m.file} task ${m.task + 1}: ${gone!.status}: ${gone!.message}`).toMatch(
          new RegExp(
            `^${m.file.replace(/[.]/g, "\\.")} task ${m.task + 1}: failed: the exercise is not solvable as written: after the solution, .* still fails?`,
          ),
        );
        // The no-op solution ran, and at least one check failed both before and after it.
        expect(gone!.evidence["solution step 1"]).toMatch(/^passed: sleep 1ms/);
        const after = Object.entries(gone!.evidence).filter(([k]) => / after the solution$/.test(k));
        expect(after.length, JSON.stringify(gone!.evidence)).toBeGreaterThan(0);
        expect(after.some(([, v]) => !v.startsWith("passed"))).toBe(true);
        // The other tasks of the file are unaffected: each earlier one still proves solvable.
        for (const t of tasks.slice(0, m.task)) expect(`${m.file}: ${t.name}: ${t.status}`).toBe(`${m.file}: ${t.name}: passed`);
        expect(scenario.status).toBe("failed");
      }
    } finally {
      for (const runId of new Set([report.runId, ...report.scenarios.map((s) => s.runId)])) expect(await leftovers(runId)).toEqual([]);
    }
  }, 360_000);
});
