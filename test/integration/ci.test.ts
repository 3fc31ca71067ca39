import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseJunit } from "../support/junit-schema.js";
import { lab, leftovers } from "./cli.js";
import { busyboxScenario } from "./packed.js";

const tag = `${process.pid}`;
const names = [`ci-alpha-${tag}`, `ci-bravo-${tag}`, `ci-charlie-${tag}`];

interface Report {
  runId: string;
  summary: { scenarios: { passed: number; failed: number }; steps: { passed: number; failed: number }; exitCode: number };
  scenarios: { name: string; status: string }[];
}

describe("CI: shards, merged reports, annotations, colours", () => {
  let dir: string;
  const shards: { json: string; junit: string; code: number | null; stdout: string; runId?: string }[] = [];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-ci-"));
    for (const [i, name] of names.entries()) await writeFile(join(dir, `${name}.yaml`), busyboxScenario(name, { failing: i === 1 }));
    for (const i of [1, 2]) {
      const json = join(dir, `shard-${i}/lab.json`);
      const junit = join(dir, `shard-${i}/junit.xml`);
      const r = await lab(
        [
          "run",
          dir,
          "--shard",
          `${i}/2`,
          "--reporter",
          "plain",
          "--reporter",
          "github",
          "--reporter",
          "json",
          "--reporter",
          "junit",
          "--output",
          `json=${json}`,
          "--output",
          `junit=${junit}`,
        ],
        { env: { GITHUB_WORKSPACE: dir } },
      );
      shards.push({ json, junit, code: r.code, stdout: r.stdout, runId: r.runId });
    }
  }, 300_000);
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("the shards split the suite and clean up after themselves", async () => {
    const docs = await Promise.all(shards.map(async (s) => JSON.parse(await readFile(s.json, "utf8")) as Report));
    expect(docs.flatMap((d) => d.scenarios.map((s) => s.name)).sort()).toEqual([...names].sort());
    expect(docs.every((d) => d.scenarios.length > 0)).toBe(true);
    for (const s of shards) expect(await leftovers(s.runId!)).toEqual([]);
  });

  it("--reporter github annotates the failed step at its file:line beside the plain output", () => {
    const failing = shards.find((s) => s.stdout.includes(names[1]!))!;
    expect(failing.code).toBe(1);
    const annotations = failing.stdout.split("\n").filter((l) => l.startsWith("::"));
    expect(annotations).toEqual([`::error file=${names[1]}.yaml,line=20,title=${names[1]}%3A a finds nobody by name::${annotations[0]!.split("::")[2]}`]);
    expect(annotations[0]).toMatch(/nobody-here.*%0Ahint: nobody-here is not on the network\.$/);
    expect(failing.stdout).toMatch(/1 passed, 1 failed|[0-9]+ passed, 1 failed/);
    const passing = shards.find((s) => s !== failing)!;
    expect(passing.code).toBe(0);
    expect(passing.stdout.split("\n").filter((l) => l.startsWith("::"))).toEqual([]);
  });

  it("lab report merge joins the shards' JSON reports into one", async () => {
    const out = join(dir, "merged/lab.json");
    const r = await lab(["report", "merge", ...shards.map((s) => s.json), "--output", out]);
    expect(r.code, r.stderr).toBe(0);
    const merged = JSON.parse(await readFile(out, "utf8")) as Report;
    expect(merged.scenarios.map((s) => s.name).sort()).toEqual([...names].sort());
    expect(merged.summary.scenarios).toMatchObject({ passed: 2, failed: 1 });
    expect(merged.summary.steps).toMatchObject({ passed: 5, failed: 1 });
    expect(merged.summary.exitCode).toBe(1);
    expect(merged.runId).toBe(shards.map((s) => s.runId).join("+"));
  });

  it("lab report merge joins the shards' JUnit reports into one that the JUnit schema accepts", async () => {
    const r = await lab(["report", "merge", ...shards.map((s) => s.junit)]);
    expect(r.code, r.stderr).toBe(0);
    const doc = parseJunit(r.stdout);
    expect(doc.suites.map((s) => s.attrs.name).sort()).toEqual([...names].sort());
    expect(doc.suites.map((s) => s.attrs.id)).toEqual(["0", "1", "2"]);
    expect(doc.attrs).toMatchObject({ tests: "6", failures: "1", errors: "0" });
    const failed = doc.suites.flatMap((s) => s.cases).filter((c) => c.failure);
    expect(failed.map((c) => c.name)).toEqual(["a finds nobody by name"]);
    expect(r.stdout).toMatch(
      new RegExp(`<testcase name="a finds nobody by name" classname="${names[1]}" time="[0-9.]+" file="[^"]+${names[1]}\\.yaml" line="20">`),
    );
  });

  it("refuses mixed kinds, the same shard twice, and files that are not reports, with exit 2", async () => {
    const mixed = await lab(["report", "merge", shards[0]!.json, shards[0]!.junit]);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toContain("the reports are of different kinds");
    const twice = await lab(["report", "merge", shards[0]!.json, shards[0]!.json]);
    expect(twice.code).toBe(2);
    expect(twice.stderr).toMatch(/is in both .* is one shard's report given twice\?/);
    await writeFile(join(dir, "other.json"), '{"a":1}');
    const other = await lab(["report", "merge", join(dir, "other.json")]);
    expect(other.code).toBe(2);
    expect(other.stderr).toContain("is JSON but not a lab report");
  });

  it("FORCE_COLOR colours piped output, FORCE_COLOR=0 and NO_COLOR keep it plain", async () => {
    const file = join(dir, `${names[0]}.yaml`);
    const coloured = await lab(["run", file, "--reporter", "plain"], { env: { FORCE_COLOR: "1", NO_COLOR: undefined } });
    expect(coloured.code).toBe(0);
    expect(coloured.stdout).toContain("\u001b[");
    const plain = await lab(["run", file, "--reporter", "plain"], { env: { FORCE_COLOR: "0", NO_COLOR: undefined } });
    expect(plain.stdout).not.toContain("\u001b[");
    const none = await lab(["run", file, "--reporter", "plain"], { env: { NO_COLOR: "1", FORCE_COLOR: undefined } });
    expect(none.stdout).not.toContain("\u001b[");
    for (const r of [coloured, plain, none]) expect(await leftovers(r.runId!)).toEqual([]);
  });
});

describe("action.yml", () => {
  it("its run step runs the labs with the shard, writes both reports and the outputs, and fails with the run", async () => {
    const { parse } = await import("yaml");
    const { mkdir, symlink } = await import("node:fs/promises");
    const { sh, ROOT } = await import("./packed.js");
    const action = parse(await readFile(join(ROOT, "action.yml"), "utf8")) as {
      runs: { using: string; steps: { id?: string; run?: string; env?: Record<string, string> }[] };
    };
    expect(action.runs.using).toBe("composite");
    const step = action.runs.steps.find((s) => s.id === "run")!;
    const dir = await mkdtemp(join(tmpdir(), "lab-action-"));
    try {
      await mkdir(join(dir, "bin"));
      await symlink(join(ROOT, "bin/lab.js"), join(dir, "bin/lab"));
      await mkdir(join(dir, "labs"));
      const name = `ci-action-${tag}`;
      await writeFile(join(dir, "labs/one.yaml"), busyboxScenario(name, { failing: true }));
      const output = join(dir, "github-output");
      await writeFile(output, "");
      const env = {
        PATH: `${join(dir, "bin")}:${process.env.PATH}`,
        GITHUB_OUTPUT: output,
        GITHUB_WORKSPACE: dir,
        CI: "true",
        LAB_PATHS: "labs/",
        LAB_SHARD: "1/1",
        LAB_REPORTS: "out",
        LAB_ARGS: "--parallel 1",
        FORCE_COLOR: "0",
      };
      const r = await sh("bash", ["-e", "-c", step.run!], { cwd: dir, env });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain(`::error file=labs/one.yaml,line=20,title=${name}%3A a finds nobody by name::`);
      expect((await readFile(output, "utf8")).split("\n").filter(Boolean)).toEqual(["junit=out/junit.xml", "json=out/lab.json", "exit-code=1"]);
      const report = JSON.parse(await readFile(join(dir, "out/lab.json"), "utf8")) as Report;
      expect(report.scenarios.map((s) => s.name)).toEqual([name]);
      expect(parseJunit(await readFile(join(dir, "out/junit.xml"), "utf8")).suites).toHaveLength(1);
      expect(await leftovers(report.runId)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
