import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conflicts, hostClaims, schedule } from "../src/api/host-locks.js";
import { runLab } from "../src/api/run-lab.js";
import type { RunEvent } from "../src/report/events.js";
import type { EngineRef, ExecResult } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { FakeRuntime, fakeClock, type FakeClock } from "./support/fake-runtime.js";

const claimsOf = (containers: string): string[] => hostClaims(parseScenario("t.yaml", `name: t\ncontainers:\n${containers}`).scenario!);

describe("host claims", () => {
  it("claims published host ports by protocol, whatever the host IP, and nothing for engine-picked ports", () => {
    expect(
      claimsOf(
        `  a: { image: busybox, ports: ["8080:80", "127.0.0.1:9090:90/udp", "7000"] }\n  b: { image: busybox, start: false, ports: ["0.0.0.0:8080:81"] }`,
      ),
    ).toEqual(["tcp:8080", "udp:9090"]);
    expect(claimsOf(`  a: { image: busybox }`)).toEqual([]);
  });

  it("claims the whole host network with network_mode: host", () => {
    expect(claimsOf(`  a: { image: busybox, network_mode: host }`)).toEqual(["host-network"]);
  });

  it("conflicts on a shared port, on tcp and udp separately, and on the host network with any claim", () => {
    expect(conflicts(["tcp:8080"], ["tcp:8080", "tcp:1"])).toBe(true);
    expect(conflicts(["tcp:8080"], ["udp:8080"])).toBe(false);
    expect(conflicts(["tcp:8080"], [])).toBe(false);
    expect(conflicts(["host-network"], ["tcp:1"])).toBe(true);
    expect(conflicts(["tcp:1"], ["host-network"])).toBe(true);
    expect(conflicts(["host-network"], ["host-network"])).toBe(true);
    expect(conflicts(["host-network"], [])).toBe(false);
  });
});

/** Jobs that end when the test says so, recording what ran together. */
function harness(claims: string[][]) {
  const running = new Set<number>();
  const together: number[][] = [];
  const finish: (() => void)[] = [];
  const started: number[] = [];
  const jobs = claims.map((c, i) => ({
    claims: c,
    run: () =>
      new Promise<string>((resolve) => {
        started.push(i);
        running.add(i);
        together.push([...running].sort());
        finish[i] = () => {
          running.delete(i);
          resolve(`job ${i}`);
        };
      }),
  }));
  const tick = () => new Promise((r) => setTimeout(r, 0));
  return { jobs, running, together, finish, started, tick };
}

describe("schedule", () => {
  it("runs up to `parallel` at once, never two with conflicting claims, and lets free jobs pass a waiting one", async () => {
    const h = harness([["tcp:1"], ["tcp:1"], [], [], ["host-network"]]);
    const done = schedule(h.jobs, 3, () => false);
    await h.tick();
    expect([...h.running].sort()).toEqual([0, 2, 3]);
    h.finish[0]!();
    await h.tick();
    expect([...h.running].sort()).toEqual([1, 2, 3]);
    h.finish[1]!();
    await h.tick();
    // The host network job waits for nothing but claims: 2 and 3 claim nothing.
    expect([...h.running].sort()).toEqual([2, 3, 4]);
    h.finish[2]!();
    h.finish[3]!();
    h.finish[4]!();
    expect(await done).toEqual(["job 0", "job 1", "job 2", "job 3", "job 4"]);
    for (const set of h.together) {
      expect(set.length).toBeLessThanOrEqual(3);
      expect(set.includes(0) && set.includes(1)).toBe(false);
    }
  });

  it("starts nothing once stopped, lets running jobs finish, and leaves the rest undefined", async () => {
    let stop = false;
    const h = harness([[], [], [], []]);
    const done = schedule(h.jobs, 2, () => stop);
    await h.tick();
    stop = true;
    h.finish[0]!();
    h.finish[1]!();
    expect(await done).toEqual(["job 0", "job 1", undefined, undefined]);
    expect(h.started).toEqual([0, 1]);
  });

  it("rethrows a job's error only after the running ones ended, and starts no more", async () => {
    const order: string[] = [];
    const slow = { claims: [], run: () => new Promise<string>((r) => setTimeout(() => (order.push("slow ended"), r("slow")), 20)) };
    const bad = { claims: [], run: async () => Promise.reject(new Error("boom")) };
    const never = { claims: [], run: async () => (order.push("never"), "never") };
    await expect(schedule([slow, bad, never], 2, () => false)).rejects.toThrow("boom");
    expect(order).toEqual(["slow ended"]);
  });
});

/** Scenario files in a fresh directory; `runLab` with a fake engine and an instant clock. */
async function runFiles(files: Record<string, string>, options: { bail?: boolean; parallel?: number; runtime?: FakeRuntime; clock?: FakeClock } = {}) {
  const dir = await mkdtemp(join(tmpdir(), "lab-sched-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  const runtime = options.runtime ?? new FakeRuntime();
  const events: RunEvent[] = [];
  const out = await runLab({
    paths: [dir],
    reporters: [{ onEvent: (e) => events.push(e) }],
    runtime,
    clock: options.clock ?? fakeClock(),
    runId: "abc123",
    bail: options.bail,
    parallel: options.parallel,
  });
  return { ...out, runtime, events };
}

const passing = (name: string): string => `name: ${name}\ncontainers:\n  a: { image: busybox }\nsteps:\n  - state: { container: a, status: running }\n`;

describe("running many", () => {
  it("--bail stops scheduling at the first failure, skips the rest, and still tears everything down", async () => {
    const failing = `name: a-fails\ncontainers:\n  a: { image: busybox }\nsteps:\n  - state: { container: a, status: exited }\n  - state: { container: a, status: running }\n`;
    const { summary, results, runtime } = await runFiles(
      { "1.yaml": failing, "2.yaml": passing("b-passes"), "3.yaml": passing("c-passes") },
      { bail: true, parallel: 1 },
    );
    expect(results.map((r) => [r.name, r.status])).toEqual([["a-fails", "failed"]]);
    expect(results[0]!.steps.map((s) => s.status)).toEqual(["failed", "skipped"]);
    expect(summary.scenarios).toEqual({ passed: 0, failed: 1, skipped: 2 });
    expect(summary.exitCode).toBe(1);
    expect(runtime.containers.size).toBe(0);
    expect(runtime.calls.some((c) => c.includes("b-passes"))).toBe(false);
  });

  it("without --bail runs everything", async () => {
    const { summary } = await runFiles({ "1.yaml": passing("a"), "2.yaml": passing("b"), "3.yaml": passing("c") }, { parallel: 2 });
    expect(summary.scenarios).toEqual({ passed: 3, failed: 0, skipped: 0 });
    expect(summary.exitCode).toBe(0);
  });

  it("enforces the scenario timeout on a step that does not watch it, names the step, and tears down", async () => {
    const clock = fakeClock();
    class HangingExec extends FakeRuntime {
      override async exec(container: EngineRef, argv: string[]): Promise<ExecResult> {
        // It hangs while the time passes: the scenario's timeout falls due during the step.
        if (argv[0] === "hang") return new Promise<ExecResult>(() => setImmediate(() => clock.advance(200)));
        return super.exec(container, argv);
      }
    }
    const runtime = new HangingExec();
    const yaml = `name: slow\ntimeout: 200ms\ncontainers:\n  a: { image: busybox }\nsteps:\n  - name: a hangs\n    exec: { container: a, command: hang }\n  - state: { container: a, status: running }\n`;
    const started = Date.now();
    const { results, summary } = await runFiles({ "slow.yaml": yaml }, { runtime, clock });
    expect(Date.now() - started).toBeLessThan(5_000);
    const r = results[0]!;
    expect(r.status).toBe("failed");
    expect(r.error).toEqual({ code: "E_ABORTED", message: "the scenario ran past its timeout of 200ms" });
    expect(r.steps.map((s) => [s.name, s.status])).toEqual([
      ["a hangs", "failed"],
      ["a is running", "skipped"],
    ]);
    expect(r.steps[0]!.message).toBe("the scenario ran past its timeout of 200ms during this step");
    expect(summary.exitCode).toBe(1);
    expect(runtime.containers.size).toBe(0);
  });

  it("an empty shard runs nothing, calls no engine, and passes", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-shard-"));
    await writeFile(join(dir, "one.yaml"), passing("only-one"));
    const runtime = new FakeRuntime();
    const events: RunEvent[] = [];
    const shares = await Promise.all(
      ["1/2", "2/2"].map((shard) => runLab({ paths: [dir], reporters: [{ onEvent: (e) => events.push(e) }], runtime, clock: fakeClock(), shard })),
    );
    const empty = shares.find((s) => s.results.length === 0)!;
    expect(empty.summary.exitCode).toBe(0);
    expect(empty.summary.scenarios).toEqual({ passed: 0, failed: 0, skipped: 0 });
    expect(events.some((e) => e.type === "notice" && /^--shard \d\/2 has no scenario of the 1 selected; nothing to run\.$/.test(e.message))).toBe(true);
    expect(runtime.calls.filter((c) => c === "info")).toHaveLength(1);
  });
});

describe("subnet claims", () => {
  it("two scenarios that fix overlapping subnets never run together; a host-mode one still runs beside them", () => {
    const claims = (subnet: string): string[] =>
      hostClaims(parseScenario("t.yaml", `name: t\nnetworks:\n  n: { subnet: ${subnet} }\ncontainers:\n  a: { image: busybox, networks: [n] }\n`).scenario!);
    expect(claims("10.231.60.0/24")).toEqual(["subnet:10.231.60.0/24"]);
    expect(conflicts(claims("10.231.60.0/24"), claims("10.231.60.0/24"))).toBe(true);
    expect(conflicts(claims("10.231.60.0/24"), claims("10.231.60.128/25"))).toBe(true);
    expect(conflicts(claims("10.231.60.0/24"), claims("10.231.61.0/24"))).toBe(false);
    expect(conflicts(claims("10.231.60.0/24"), claimsOf("  h: { image: busybox, network_mode: host }\n"))).toBe(false);
  });
});
