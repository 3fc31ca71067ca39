import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { load, run, runEvents, validate, ValidationError, type RunEvent } from "../../src/index.js";
import { busyboxScenario, leftovers, must, ROOT, sh } from "./packed.js";

/** The ```ts blocks of a markdown file. */
export const tsBlocks = (markdown: string): string[] => [...markdown.matchAll(/^```ts\n([\s\S]*?)^```$/gm)].map((m) => m[1]!);

const containersOf = async (runId: string): Promise<string[]> =>
  (await must("docker", ["ps", "-aq", "--filter", `label=io.lab.run=${runId}`], { cwd: ROOT })).stdout.split("\n").filter(Boolean);

describe("the programmatic API", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-api-"));
    await writeFile(join(dir, "ok.yaml"), busyboxScenario(`api-ok-${process.pid}`));
    // A first step that waits, so that an abort at its start lands mid-run whatever runs side by side.
    await writeFile(join(dir, "slow.yaml"), busyboxScenario(`api-slow-${process.pid}`).replace(/\nsteps:\n/, "\nsteps:\n  - sleep: 30s\n"));
    await writeFile(join(dir, "bad.yaml"), "version: 1\nname: bad\ncontainers:\n  a: { image: busybox, comand: sleep }\n");
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it("type-checks every example of docs/api.md against the built types, as a user's project imports them", async () => {
    const blocks = tsBlocks(await readFile(join(ROOT, "docs/api.md"), "utf8"));
    expect(blocks.length).toBeGreaterThanOrEqual(6);
    const project = join(dir, "docs-project");
    await mkdir(join(project, "node_modules"), { recursive: true });
    await symlink(ROOT, join(project, "node_modules/docker-lab"));
    await symlink(join(ROOT, "node_modules/@types"), join(project, "node_modules/@types"));
    await writeFile(join(project, "package.json"), JSON.stringify({ name: "docs-project", type: "module" }));
    const tsconfig = {
      compilerOptions: { target: "ES2023", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, types: ["node"] },
      include: ["*.ts"],
    };
    await writeFile(join(project, "tsconfig.json"), JSON.stringify(tsconfig));
    await Promise.all(blocks.map((code, i) => writeFile(join(project, `example-${i}.ts`), `${code}\nexport {};\n`)));
    const tsc = await sh(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: project });
    expect(tsc.stdout + tsc.stderr, "tsc on docs/api.md's examples").toBe("");
    expect(tsc.code).toBe(0);
    // The check can fail: a wrong use of the API is a type error.
    await writeFile(join(project, "wrong.ts"), `import { run } from "docker-lab";\nconst r = await run("x.yaml", { parallel: "2" });\nr.summary.nope;\n`);
    const wrong = await sh(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", project], { cwd: project });
    expect(wrong.code).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,\d+\): error TS2322/);
    expect(wrong.stdout).toMatch(/wrong\.ts\(3,\d+\): error TS2339: Property 'nope'/);
  });

  it("load and validate return diagnostics as data, at file:line:col", async () => {
    const v = await validate([join(dir, "bad.yaml"), join(dir, "ok.yaml")]);
    expect(v.ok).toBe(false);
    expect(v.scenarios.map((s) => s.name)).toEqual([`api-ok-${process.pid}`]);
    expect(v.diagnostics).toHaveLength(1);
    expect(v.diagnostics[0]).toMatchObject({ file: join(dir, "bad.yaml"), line: 4 });
    expect(v.diagnostics[0]!.message).toContain("comand");
    expect((await load(join(dir, "ok.yaml"))).diagnostics).toEqual([]);
    await expect(run(join(dir, "bad.yaml"))).rejects.toBeInstanceOf(ValidationError);
  });

  it("run reports progress events and resolves with the results, leaving nothing behind", async () => {
    const events: RunEvent[] = [];
    const result = await run(join(dir, "ok.yaml"), { onEvent: (e) => events.push(e) });
    expect(result.ok).toBe(true);
    expect(result.exitCode).toBe(0);
    expect(result.results[0]!.steps.map((s) => [s.name, s.status])).toEqual([
      ["a finds b by name", "passed"],
      ["a reaches b with ping", "passed"],
    ]);
    expect(events[0]).toMatchObject({ type: "run-start", runId: result.runId });
    expect(events.filter((e) => e.type === "step-end")).toHaveLength(2);
    expect(events.at(-1)).toMatchObject({ type: "run-end", summary: { exitCode: 0 } });
    expect(await leftovers(result.runId)).toEqual([]);
  });

  it("an AbortSignal mid-run tears the world down; run resolves with aborted: true", async () => {
    const controller = new AbortController();
    let during: string[] = [];
    let runId = "";
    const result = await run(join(dir, "slow.yaml"), {
      signal: controller.signal,
      onEvent: (e) => {
        if (e.type === "run-start") runId = e.runId;
        if (e.type === "step-start" && e.index === 0) {
          // The engine's own view while the run is up, then the abort.
          void containersOf(runId).then((ids) => {
            during = ids;
            controller.abort(new Error("test abort"));
          });
        }
      },
    });
    expect(during.length).toBeGreaterThanOrEqual(2);
    expect(result.aborted).toBe(true);
    expect(result.ok).toBe(false);
    expect(result.exitCode).not.toBe(0);
    expect(result.results[0]!.error?.code).toBe("E_ABORTED");
    expect(result.results[0]!.steps.some((s) => s.status === "skipped")).toBe(true);
    expect(await leftovers(result.runId)).toEqual([]);
  });

  it("runEvents yields the events; leaving the loop early aborts and tears down", async () => {
    let runId = "";
    const seen: string[] = [];
    for await (const event of runEvents(join(dir, "ok.yaml"))) {
      seen.push(event.type);
      if (event.type === "run-start") runId = event.runId;
      if (event.type === "step-end") break;
    }
    expect(seen.slice(0, 2)).toEqual(["run-start", "scenario-start"]);
    expect(seen.at(-1)).toBe("step-end");
    expect(await leftovers(runId)).toEqual([]);
  });
});
