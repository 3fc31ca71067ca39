// runScenario's branches with the stand-in engine and a clock that moves only when told:
// the plain pass and fail, the timeout mid-step, the engine lost mid-step, the world's
// drift, and a teardown that fails with and without the engine.
import { beforeAll, describe, expect, it } from "vitest";
import { runScenario } from "../src/api/run-scenario.js";
import { exitCodeOf } from "../src/api/verdict.js";
import { EnvironmentError } from "../src/errors.js";
import { buildPlan } from "../src/plan/build-plan.js";
import type { RunEvent } from "../src/report/events.js";
import type { EngineRef, ExecResult } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { FakeRuntime, fakeClock, type FakeClock } from "./support/fake-runtime.js";

const lost = (): EnvironmentError => new EnvironmentError("E_NO_ENGINE", "Lost the Docker engine at fake:// (ECONNREFUSED). Is it still running?");

async function run(
  steps: string,
  runtime = new FakeRuntime(),
  o: { clock?: FakeClock; onEvent?: (e: RunEvent) => void; keep?: "never" | "always" | "on-failure" } = {},
) {
  const yaml = `name: s\ntimeout: 1m\nnetworks: { n: {} }\ncontainers:\n  a: { image: busybox, networks: [n] }\nsteps:\n${steps}`;
  const plan = buildPlan(parseScenario("s.yaml", yaml).scenario!, { runId: "r1", probeImage: "busybox" });
  const events: RunEvent[] = [];
  const result = await runScenario(plan, {
    runtime,
    clock: o.clock ?? fakeClock(),
    signal: new AbortController().signal,
    pull: "missing",
    keep: o.keep ?? "never",
    bail: false,
    engineIsRemote: false,
    emit: (e) => {
      events.push(e);
      o.onEvent?.(e);
    },
  });
  return { result, events, runtime, exitCode: exitCodeOf(result.status) };
}

const idOf = (runtime: FakeRuntime, name: string): string => [...runtime.containers].find(([, c]) => c.spec.name === name)![0];
const RUNNING = "  - state: { container: a, status: running }\n";
const EXITED = "  - state: { container: a, status: exited }\n";

describe("runScenario", () => {
  // The first parse compiles the schema: slow on a busy machine, and no part of any test here.
  beforeAll(() => void parseScenario("warm.yaml", "name: warm\n"), 60_000);

  it("passes: phases in order, every step run, everything removed, no diagnostics", async () => {
    const { result, events, runtime, exitCode } = await run(RUNNING + RUNNING);
    expect([result.status, exitCode, result.error]).toEqual(["passed", 0, undefined]);
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    expect(events.filter((e) => e.type === "phase").map((e) => e.type === "phase" && e.phase)).toEqual(["provision", "steps", "teardown"]);
    expect(result.teardown).toEqual({ removed: 2, failures: [] });
    expect(result.diagnostics).toBeUndefined();
    expect([runtime.containers.size, runtime.networks.size]).toEqual([0, 0]);
  });

  it("fails: a failed step, the engine's view attached, the rest still run, then the teardown", async () => {
    const { result, exitCode, runtime } = await run(EXITED + RUNNING);
    expect([result.status, exitCode, result.error]).toEqual(["failed", 1, undefined]);
    expect(result.steps.map((s) => s.status)).toEqual(["failed", "passed"]);
    expect(result.steps[0]!.message).toMatch(/^a is running, not exited \(still failing after/);
    expect(result.diagnostics).toEqual({ "container a": "running\n(no log output)", "network n": "a " });
    expect(runtime.containers.size).toBe(0);
  });

  it("keeps the world of a failed scenario with --keep on-failure, and tears nothing down", async () => {
    const { result, runtime, events } = await run(EXITED, new FakeRuntime(), { keep: "on-failure" });
    expect([result.status, result.kept, result.teardown]).toEqual(["failed", true, { removed: 0, failures: [] }]);
    expect(events.some((e) => e.type === "phase" && e.phase === "teardown")).toBe(false);
    expect(runtime.containers.size).toBe(1);
  });

  it("times out mid-step on the injected clock: the step is cut off, the rest skipped, the world torn down", async () => {
    const clock = fakeClock();
    class Hanging extends FakeRuntime {
      override async exec(container: EngineRef, argv: string[]): Promise<ExecResult> {
        if (argv[0] === "hang") return new Promise<ExecResult>(() => setImmediate(() => clock.advance(60_000)));
        return super.exec(container, argv);
      }
    }
    const { result, exitCode, runtime } = await run("  - exec: { container: a, command: hang }\n" + RUNNING, new Hanging(), { clock });
    expect([result.status, exitCode]).toEqual(["failed", 1]);
    expect(result.error).toEqual({ code: "E_ABORTED", message: "the scenario ran past its timeout of 1m" });
    expect(result.steps.map((s) => [s.status, s.message])).toEqual([
      ["failed", "the scenario ran past its timeout of 1m during this step"],
      ["skipped", "not run"],
    ]);
    expect(result.diagnostics?.["container a"]).toBe("running\n(no log output)");
    expect(runtime.containers.size).toBe(0);
  });

  it("does not time out while the clock stands still, however long the real time", async () => {
    const clock = fakeClock();
    const { result } = await run(RUNNING, new FakeRuntime(), { clock, onEvent: (e) => e.type === "step-start" && clock.advance(59_999) });
    expect([result.status, result.error]).toEqual(["passed", undefined]);
  });

  it("ends with the environment's error when the engine is lost mid-step: no later step, no look at the world", async () => {
    const runtime = new FakeRuntime();
    runtime.execResult = () => {
      throw lost();
    };
    const { result, exitCode } = await run("  - exec: { container: a, command: ls }\n" + RUNNING, runtime);
    expect([result.status, exitCode]).toEqual(["error", 3]);
    expect(result.error).toEqual({ code: "E_NO_ENGINE", message: lost().message });
    expect(result.steps.map((s) => [s.status, s.message])).toEqual([
      ["failed", lost().message],
      ["skipped", "not run"],
    ]);
    expect(result.diagnostics).toBeUndefined();
    expect(runtime.calls.some((c) => c.startsWith("inspectContainer"))).toBe(false);
  });

  it("says that the world changed behind lab's back when a container stopped though no step stopped it", async () => {
    const runtime = new FakeRuntime();
    const onEvent = (e: RunEvent): void => {
      if (e.type === "step-start") runtime.exitBehindOurBack(idOf(runtime, "lab-r1-s--a"), 137);
    };
    const { result, exitCode } = await run(RUNNING, runtime, { onEvent });
    expect([result.status, exitCode]).toEqual(["failed", 1]);
    expect(result.error).toEqual({
      code: "E_WORLD_CHANGED",
      message: `the scenario's world changed behind lab's back: container "a" stopped, though no step stopped it: it exited with code 137, killed by SIGKILL (docker kill, or out of memory)`,
    });
    expect(result.diagnostics?.["container a"]).toBe("exited, exit code 137\n(no log output)");
  });

  it("fails a passing scenario whose teardown failed while the engine is there (exit 1)", async () => {
    const runtime = new FakeRuntime();
    const onEvent = (e: RunEvent): void => {
      if (e.type === "phase" && e.phase === "teardown")
        runtime.fail[`removeContainer ${idOf(runtime, "lab-r1-s--a")}`] = "removal of container is already in progress";
    };
    const { result, exitCode } = await run(RUNNING, runtime, { onEvent });
    expect([result.status, exitCode, result.error]).toEqual(["failed", 1, undefined]);
    expect(result.teardown.failures).toEqual([`container lab-r1-s--a: removal of container is already in progress`]);
  });

  it("ends with the environment's error when the teardown failed because the engine went away (exit 3)", async () => {
    const runtime = new FakeRuntime();
    const onEvent = (e: RunEvent): void => {
      if (e.type !== "phase" || e.phase !== "teardown") return;
      runtime.fail[`removeContainer ${idOf(runtime, "lab-r1-s--a")}`] = "connect ECONNREFUSED /var/run/docker.sock";
      runtime.info = async () => {
        throw lost();
      };
    };
    const { result, exitCode } = await run(RUNNING, runtime, { onEvent });
    expect([result.status, exitCode]).toEqual(["error", 3]);
    expect(result.error).toEqual({ code: "E_NO_ENGINE", message: lost().message });
    expect(result.steps.map((s) => s.status)).toEqual(["passed"]);
  });

  it("skips every step when the provisioning fails, and removes what was made", async () => {
    const runtime = new FakeRuntime();
    runtime.fail["start lab-r1-s--a"] = "port is already allocated";
    const { result, exitCode, events } = await run(RUNNING, runtime);
    expect([result.status, exitCode]).toEqual(["error", 3]);
    expect(result.error).toEqual({ code: "E_PROVISION", message: 'Starting container "a" failed: port is already allocated' });
    expect(result.steps.map((s) => s.status)).toEqual(["skipped"]);
    expect(events.some((e) => e.type === "phase" && e.phase === "steps")).toBe(false);
    expect([runtime.containers.size, runtime.networks.size]).toEqual([0, 0]);
  });
});
