import { readFileSync, statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftovers, startLab } from "./cli.js";
import { removeLeftovers, scenarioDir, token } from "../reliability/support.js";

/**
 * A 100 MB exec and a 200 MB log run through `lab run` within a memory bound
 * (docs/reliability.md, "Memory and output"): lab's peak resident set, read from outside in
 * /proc/<pid>/status (VmHWM) until it exits, stays under PEAK_KB; the JSON report stays small
 * and says how much was cut; matchers still work, `contains` on the whole stream, `matches`
 * on the kept tail. Memory bounds, not timing: the timeouts are generous.
 */

/** Measured here: ~86 MB for a one-step run, 128 MB with the 100 MB exec, 140 MB with the 200 MB log (before: ~8x and ~7x the output). */
const PEAK_KB = 250 * 1024;

const tok = token();
const execScenario = `
name: mem-exec-${tok}
containers:
  a: { image: busybox, init: true, command: sleep 3600 }
steps:
  - exec:
      container: a
      command: ["sh", "-c", "echo BEGIN; head -c 104857600 /dev/zero | tr '\\\\0' a; echo; echo END"]
      stdout: { contains: BEGIN, matches: "^END$" }
    timeout: 10m
`;
const logScenario = `
name: mem-log-${tok}
timeout: 30m
containers:
  a: { image: busybox, init: true, command: ["sh", "-c", "echo BEGIN; head -c 209715200 /dev/zero | tr '\\\\0' b; echo; echo END; sleep 3600"] }
steps:
  - logs: { container: a, contains: END }
    timeout: 20m
    serial: true
  - logs: { container: a, matches: "^END$" }
    timeout: 5m
    serial: true
  - logs: { container: a, contains: BEGIN }
    timeout: 5m
    serial: true
`;

let files: { dir: string; remove(): Promise<void> };
const runIds: string[] = [];

beforeAll(async () => {
  files = await scenarioDir("memory", { "exec.yaml": execScenario, "log.yaml": logScenario });
});

afterAll(async () => {
  await removeLeftovers(runIds);
  await files?.remove();
});

/** Runs lab to its end, polling its peak RSS (kB) from outside; the last value read before it exits is the peak. */
async function measured(file: string, report: string): Promise<{ code: number | null; peakKb: number; stdout: string; runId?: string }> {
  const run = startLab(["run", `${files.dir}/${file}`, "--reporter", "plain", "--reporter", "json", "--output", report], { timeoutMs: 25 * 60_000 });
  let peakKb = 0;
  const poll = setInterval(() => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${run.child.pid}/status`, "utf8"));
      if (m) peakKb = Number(m[1]);
    } catch {
      // Gone between two looks: the last value read stands.
    }
  }, 25);
  const done = await run.done.finally(() => clearInterval(poll));
  if (done.runId) runIds.push(done.runId);
  console.log(`${file}: peak RSS ${Math.round(peakKb / 1024)} MiB, exit ${done.code}, report ${statSync(report).size} bytes`);
  return { code: done.code, peakKb, stdout: done.stdout, runId: done.runId };
}

type Report = { scenarios: { status: string; steps: { status: string; evidence: Record<string, string> }[] }[] };

describe.concurrent("memory stays bounded whatever a container writes", () => {
  it("a 100 MB exec output", { timeout: 20 * 60_000 }, async () => {
    const report = `${files.dir}/exec.json`;
    const r = await measured("exec.yaml", report);
    expect(r.code, r.stdout).toBe(0);
    expect(r.peakKb).toBeGreaterThan(0);
    expect(r.peakKb).toBeLessThan(PEAK_KB);
    expect(statSync(report).size).toBeLessThan(64 * 1024);
    const step = (JSON.parse(readFileSync(report, "utf8")) as Report).scenarios[0]!.steps[0]!;
    expect(step.status).toBe("passed");
    // 100 MiB of a, and BEGIN, END and three newlines: all but the last 1 MiB cut.
    expect(step.evidence["stdout cut"]).toBe(`${(104_857_611 - 1_048_576).toLocaleString("en-US")} of 104,857,611 bytes cut, last 1 MiB kept`);
    expect(step.evidence.stdout).toMatch(/ … \([\d,]+ characters cut\) … a+\nEND$/);
    expect(r.stdout.length).toBeLessThan(64 * 1024);
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it("a 200 MB log", { timeout: 30 * 60_000 }, async () => {
    const report = `${files.dir}/log.json`;
    const r = await measured("log.yaml", report);
    expect(r.code, r.stdout).toBe(0);
    expect(r.peakKb).toBeGreaterThan(0);
    expect(r.peakKb).toBeLessThan(PEAK_KB);
    expect(statSync(report).size).toBeLessThan(64 * 1024);
    const steps = (JSON.parse(readFileSync(report, "utf8")) as Report).scenarios[0]!.steps;
    expect(steps.map((s) => s.status)).toEqual(["passed", "passed", "passed"]);
    for (const s of steps)
      expect(s.evidence["logs cut"]).toBe(`${(209_715_211 - 1_048_576).toLocaleString("en-US")} of 209,715,211 bytes cut, last 1 MiB kept`);
    expect(await leftovers(r.runId!)).toEqual([]);
  });
});
