import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { lab } from "./cli.js";

/**
 * `lab lint --mutate` on the real engine: a step a mutant flips (named with its mutation),
 * a step none can flip (exit 1), nothing left on the engine afterwards (asked of the engine
 * by label), bad input refused before any engine call, and every shipped lab and exercise
 * passing the check, as CI runs it.
 */
const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), "lab-mutate-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The run ids of every container and network the engine still holds with lab's run label. */
async function labelled(): Promise<string[]> {
  const format = ["--format", '{{.Label "io.lab.run"}}'];
  const ps = await run("docker", ["ps", "-a", "--filter", "label=io.lab.run", ...format]);
  const nets = await run("docker", ["network", "ls", "--filter", "label=io.lab.run", ...format]);
  return `${ps.stdout}\n${nets.stdout}`.split("\n").filter(Boolean);
}

interface Report {
  runId: string;
  exitCode: number;
  scenarios: {
    file: string;
    status: string;
    error?: { message: string };
    steps: { verdict: string; name: string; flippedBy?: { description: string } }[];
    mutants: { runId: string; outcome: string }[];
  }[];
}

describe("lab lint --mutate", () => {
  it("names the mutation that flips a step, flags the step that cannot fail (exit 1), and leaves nothing behind", async () => {
    const file = join(dir, "vacuous.yaml");
    writeFileSync(
      file,
      `name: mutate-vacuous
networks:
  app: {}
containers:
  db: { image: busybox, init: true, command: sleep 3600, networks: [app] }
  web: { image: busybox, init: true, command: sleep 3600, networks: [app] }
steps:
  - name: web resolves db
    resolve: { from: web, name: db }
  # No change of networks, links, ports or state changes the image a container was made from.
  - name: web is made from busybox
    inspect: { container: web, path: Config.Image, equals: busybox }
`,
    );
    const out = join(dir, "vacuous.json");
    const r = await lab(["lint", "--mutate", file, "--reporter", "json", "--output", out], { timeoutMs: 600_000 });
    expect([r.code, r.stderr]).toEqual([1, ""]);
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    const [s] = report.scenarios;
    expect(s!.steps.map((x) => x.verdict)).toEqual(["flipped", "cannot-fail"]);
    expect(s!.steps[0]!.flippedBy!.description).toMatch(/\b(db|web)\b/);
    expect(s!.mutants.length).toBeGreaterThanOrEqual(2);
    // The check's own runs (the world as written, each mutant) are all gone from the engine.
    const left = (await labelled()).filter((id) => id.startsWith(report.runId));
    expect(left).toEqual([]);

    // The same check, as the plain report says it.
    const plain = await lab(["lint", "--mutate", file, "--parallel", "2"], { timeoutMs: 600_000 });
    expect(plain.code).toBe(1);
    expect(plain.stdout).toMatch(/✓ step 1 "web resolves db" — flipped by: .*\b(db|web)\b/);
    expect(plain.stdout).toMatch(/✗ step 2 "web is made from busybox" — cannot fail/);
  }, 1_200_000);

  it("refuses bad input with file:line:col before any engine call (exit 2)", async () => {
    const r = await lab(["lint", "--mutate", "test/fixtures/invalid/02-privileged.yaml"], { env: { DOCKER_HOST: "unix:///nonexistent/lab-mutate.sock" } });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/invalid\/02-privileged\.yaml:\d+:\d+: /);
    const plain = await lab(["lint", "scenarios/"], { env: { DOCKER_HOST: "unix:///nonexistent/lab-mutate.sock" } });
    expect([plain.code, plain.stdout]).toEqual([0, expect.stringMatching(/^\d+ scenarios valid\n$/)]);
  });

  // CI: every shipped lab and exercise has no step that cannot fail. On a quiet machine this
  // takes a few minutes; the limit leaves room for a busy one.
  it("passes on every shipped lab and exercise", async () => {
    const out = join(dir, "shipped.json");
    const started = performance.now();
    const r = await lab(["lint", "--mutate", "scenarios/", "--parallel", "4", "--reporter", "json", "--output", out], { timeoutMs: 1_500_000 });
    const report = JSON.parse(readFileSync(out, "utf8")) as Report;
    const open = report.scenarios.flatMap((s) => [
      ...(s.error && s.status === "error" ? [`${s.file}: ${s.error.message}`] : []),
      ...s.steps.filter((x) => x.verdict === "cannot-fail" || x.verdict === "unmutated-failed").map((x) => `${s.file}: ${x.name}`),
    ]);
    console.log(
      `lab lint --mutate scenarios/: ${Math.round((performance.now() - started) / 1000)} s, ${report.scenarios.flatMap((s) => s.mutants).length} mutants`,
    );
    expect(open).toEqual([]);
    expect(r.code).toBe(0);
    expect((await labelled()).filter((id) => id.startsWith(report.runId))).toEqual([]);
  }, 1_600_000);
});
