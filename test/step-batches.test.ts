// Probes side by side: consecutive read-only probes expected to pass start together, and
// everything else is a barrier. The scenario runs on the stand-in engine, whose execs and
// actions take a few real milliseconds; each step's first start and last end are recorded
// from the engine's side, and every ordering rule is checked on them.
import { setTimeout as pause } from "node:timers/promises";
import { beforeAll, describe, expect, it } from "vitest";
import { runScenario } from "../src/api/run-scenario.js";
import { runsSideBySide, stepBatches } from "../src/api/step-batches.js";
import { buildPlan } from "../src/plan/build-plan.js";
import type { RunEvent } from "../src/report/events.js";
import type { EngineRef, ExecResult } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { knownStepKinds, stepKind } from "../src/steps/step-table.js";
import { FakeRuntime, fakeClock } from "./support/fake-runtime.js";

/** Every exec and network action takes a few milliseconds, and says which step it belongs to (by a marker in its arguments). */
class TimedFake extends FakeRuntime {
  readonly spans = new Map<string, { start: number; end: number }>();
  private t = 0;
  private async span<T>(marker: string, work: () => Promise<T>): Promise<T> {
    const s = this.spans.get(marker) ?? { start: ++this.t, end: 0 };
    this.spans.set(marker, s);
    await pause(3);
    try {
      return await work();
    } finally {
      s.end = ++this.t;
    }
  }
  override exec(container: EngineRef, argv: string[]): Promise<ExecResult> {
    const marker = argv.find((a) => /^m\d+$/.test(a) || /^echo m\d+$/.test(a))?.replace("echo ", "") ?? argv.at(-1) ?? "";
    return this.span(marker, () => super.exec(container, argv));
  }
  override disconnect(network: EngineRef, container: EngineRef): Promise<void> {
    // The step's disconnect is the first; the teardown's come later and are not steps.
    if (this.spans.has("disconnect")) return super.disconnect(network, container);
    return this.span("disconnect", () => super.disconnect(network, container));
  }
}

// Names `mN` resolve through /etc/hosts; `gone` does not resolve.
const answer = (_c: string, argv: string[]): ExecResult => {
  const name = argv[4] ?? "";
  return {
    exitCode: 0,
    stdout:
      /^m\d+$/.test(name) && argv[3] === "lab-resolve"
        ? `10.0.0.9 ${name}\n@@lab@@\nnameserver 127.0.0.11\n@@lab@@\n`
        : "@@lab@@\n@@lab@@\n** server can't find gone: NXDOMAIN\n",
    stderr: "",
  };
};

async function run(steps: string, top = "") {
  const yaml = `name: s\n${top}timeout: 1m\nnetworks: { n: {} }\ncontainers:\n  a: { image: busybox, networks: [n] }\n  b: { image: nginx, networks: [n] }\nsteps:\n${steps}`;
  const parsed = parseScenario("s.yaml", yaml);
  expect(parsed.diagnostics ?? []).toEqual([]);
  const plan = buildPlan(parsed.scenario!, { runId: "r1", probeImage: "busybox" });
  const runtime = new TimedFake();
  runtime.images.add("nginx");
  runtime.execResult = answer;
  const events: RunEvent[] = [];
  const result = await runScenario(plan, {
    runtime,
    clock: fakeClock(),
    signal: new AbortController().signal,
    pull: "missing",
    keep: "never",
    bail: false,
    engineIsRemote: false,
    emit: (e) => events.push(e),
  });
  return { result, events, runtime, plan };
}

/** Step i (0-based) and its marker in the engine's calls. */
const STEPS: [string, string][] = [
  ["  - resolve: { from: a, name: m0 }\n", "m0"],
  ["  - tcp: { from: b, host: a, port: 1 }\n", "1"],
  ["  - ping: { from: a, host: m2 }\n", "m2"],
  ["  - resolve: { from: a, name: gone }\n    expect: fail\n", "gone"],
  ["  - resolve: { from: b, name: m4 }\n", "m4"],
  ["  - resolve: { from: a, name: m5 }\n", "m5"],
  ["  - exec: { container: a, command: echo m6 }\n", "m6"],
  ["  - resolve: { from: a, name: m7 }\n", "m7"],
  ["  - resolve: { from: a, name: m8 }\n    serial: true\n", "m8"],
  ["  - resolve: { from: b, name: m9 }\n", "m9"],
  ["  - disconnect: { container: b, network: n }\n", "disconnect"],
  ["  - resolve: { from: a, name: m11 }\n", "m11"],
];

/**
 * The rules, on what the engine saw: a step that is not side by side with its neighbours
 * starts after every step before it ended, and every step after it starts after it ended;
 * side-by-side steps of one run all start before any of them ends.
 */
function checkOrder(spans: { start: number; end: number }[], sideBySide: boolean[]): void {
  for (let j = 0; j < spans.length; j++) {
    for (let i = 0; i < j; i++) {
      const sameRun = sideBySide.slice(i, j + 1).every(Boolean);
      if (!sameRun) expect(spans[i]!.end, `step ${i} must end before step ${j} starts`).toBeLessThan(spans[j]!.start);
      else expect(spans[j]!.start, `steps ${i} and ${j} start together`).toBeLessThan(spans[i]!.end);
    }
  }
}

describe("probes side by side", () => {
  beforeAll(() => void parseScenario("warm.yaml", "name: warm\n"), 60_000);

  it("starts consecutive read-only pass probes together; expect: fail, exec, serial and actions are barriers; results in file order", async () => {
    const { result, runtime, events, plan } = await run(STEPS.map(([s]) => s).join(""));
    expect(result.steps.map((s) => [s.index, s.status])).toEqual(STEPS.map((_, i) => [i, "passed"]));
    expect(events.filter((e) => e.type === "step-end").map((e) => e.type === "step-end" && e.result.index)).toEqual(STEPS.map((_, i) => i));
    const spans = STEPS.map(([, m]) => runtime.spans.get(m)!);
    expect(spans.every(Boolean)).toBe(true);
    const side = plan.steps.map((p) => runsSideBySide(p));
    expect(side).toEqual([true, true, true, false, true, true, false, true, false, true, false, true]);
    checkOrder(spans, side);
    expect(stepBatches(plan.steps).map((b) => b.map((p) => p.step.index))).toEqual([[0, 1, 2], [3], [4, 5], [6], [7], [8], [9], [10], [11]]);
  });

  it("runs every step alone with serial: true on the scenario", async () => {
    const { result, runtime, plan } = await run(
      STEPS.slice(0, 3)
        .map(([s]) => s)
        .join(""),
      "serial: true\n",
    );
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed"]);
    const spans = STEPS.slice(0, 3).map(([, m]) => runtime.spans.get(m)!);
    checkOrder(
      spans,
      plan.steps.map((p) => runsSideBySide(p, plan.scenario.serial)),
    );
    expect(spans[0]!.end).toBeLessThan(spans[1]!.start);
    expect(spans[1]!.end).toBeLessThan(spans[2]!.start);
  });

  it("the order check itself fails on an overlap across a barrier", () => {
    expect(() =>
      checkOrder(
        [
          { start: 1, end: 4 },
          { start: 2, end: 5 },
        ],
        [true, false],
      ),
    ).toThrow(/step 0 must end before step 1 starts/);
    expect(() =>
      checkOrder(
        [
          { start: 1, end: 2 },
          { start: 3, end: 4 },
        ],
        [true, true],
      ),
    ).toThrow(/start together/);
  });

  it("read-only is each kind's own declaration: exactly the probes that only look, so a kind that does not say it is a barrier", () => {
    const readOnly = knownStepKinds().filter((k) => stepKind(k).readOnly === true);
    expect(readOnly.sort()).toEqual(["host_process", "http", "inspect", "interfaces", "logs", "ping", "port", "process", "resolve", "state", "stats", "tcp"]);
  });
});
