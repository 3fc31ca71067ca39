import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyboxScenario, must, pack, project, ROOT, sh } from "./packed.js";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  testResults: { assertionResults: { ancestorTitles: string[]; title: string; status: string; failureMessages: string[] }[] }[];
}

// docker-lab/vitest as a user meets it: the packed package and vitest installed in a project of their own.
describe("docker-lab/vitest in a user's project", { timeout: 600_000 }, () => {
  let work: string;
  const name = `vitest-helper-${process.pid}`;
  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "lab-vitest-"));
    const tarball = await pack(ROOT, work);
    const dir = join(work, "project");
    await mkdir(join(dir, "scenarios"), { recursive: true });
    await project(dir, [tarball, "vitest@~4.1"]);
  }, 600_000);
  afterAll(async () => {
    await sh(
      "docker",
      [
        "rm",
        "-f",
        ...(await must("docker", ["ps", "-aq", "--filter", `label=io.lab.scenario=${name}`], { cwd: ROOT })).stdout.split("\n").filter(Boolean),
        "lab-none",
      ],
      { cwd: ROOT },
    );
    await rm(work, { recursive: true, force: true });
  });

  it("declares one test per step, named by the step titles; a failed step fails its test with the evidence and the hint; afterAll tears down", async () => {
    const dir = join(work, "project");
    await writeFile(join(dir, "scenarios/demo.yaml"), busyboxScenario(name, { failing: true }));
    await writeFile(join(dir, "lab.test.js"), `import { labSuite } from "docker-lab/vitest";\n\nlabSuite("scenarios/demo.yaml");\n`);
    const r = await sh("npx", ["--no-install", "vitest", "run", "--reporter=json", "--outputFile=vitest.json"], {
      cwd: dir,
      env: { CI: "true", NO_COLOR: "1" },
    });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const report = JSON.parse(await readFile(join(dir, "vitest.json"), "utf8")) as VitestJson;
    const cases = report.testResults.flatMap((f) => f.assertionResults);
    expect(cases.map((c) => [c.ancestorTitles.join(" > "), c.title, c.status])).toEqual([
      [name, "a finds b by name", "passed"],
      [name, "a finds nobody by name", "failed"],
    ]);
    const failure = cases[1]!.failureMessages.join("\n");
    expect(failure).toMatch(/LabStepFailure: .*nobody-here/);
    expect(failure).toContain("hint: nobody-here is not on the network.");
    expect(failure).toContain(`at ${join(dir, "scenarios/demo.yaml")}:20`);
    expect(report.numPassedTests).toBe(1);
    expect(report.numFailedTests).toBe(1);
    // Teardown ran in afterAll: the engine holds nothing of the scenario.
    const left = await must("docker", ["ps", "-aq", "--filter", `label=io.lab.scenario=${name}`], { cwd: ROOT });
    const nets = await must("docker", ["network", "ls", "-q", "--filter", `label=io.lab.scenario=${name}`], { cwd: ROOT });
    expect(left.stdout + nets.stdout).toBe("");
  });

  it("a scenario mistake fails the test file with its file:line:col, before any engine call", async () => {
    const dir = join(work, "project");
    await writeFile(join(dir, "scenarios/typo.yaml"), "version: 1\nname: typo\ncontainers:\n  a: { image: busybox, comand: sleep }\n");
    await writeFile(join(dir, "typo.test.js"), `import { labSuite } from "docker-lab/vitest";\n\nlabSuite("scenarios/typo.yaml");\n`);
    const r = await sh("npx", ["--no-install", "vitest", "run", "typo.test.js"], {
      cwd: dir,
      env: { CI: "true", NO_COLOR: "1", DOCKER_HOST: "unix:///nonexistent.sock" },
    });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toMatch(new RegExp(`${join(dir, "scenarios/typo.yaml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:4:\\d+: .*comand`));
  });
});
