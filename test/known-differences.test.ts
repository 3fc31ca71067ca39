// known_differences: a step or a whole scenario that is known not to hold on one engine is
// reported as skipped there, with its reason, and runs unchanged on every other engine.
import { describe, expect, it } from "vitest";
import { runScenario } from "../src/api/run-scenario.js";
import { exitCodeOf } from "../src/api/verdict.js";
import { buildPlan } from "../src/plan/build-plan.js";
import type { RunEvent } from "../src/report/events.js";
import type { EngineName } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { FakeRuntime, fakeClock } from "./support/fake-runtime.js";

async function run(yaml: string, engine: EngineName | undefined) {
  const parsed = parseScenario("s.yaml", yaml);
  expect(parsed.diagnostics).toEqual([]);
  const plan = buildPlan(parsed.scenario!, { runId: "r1", probeImage: "busybox" });
  const runtime = new FakeRuntime();
  const events: RunEvent[] = [];
  const result = await runScenario(plan, {
    runtime,
    clock: fakeClock(),
    signal: new AbortController().signal,
    pull: "missing",
    keep: "never",
    bail: false,
    engineIsRemote: false,
    engine,
    emit: (e) => void events.push(e),
  });
  return { result, events, runtime };
}

const WORLD = "name: s\nnetworks: { n: {} }\ncontainers:\n  a: { image: busybox, networks: [n] }\n";
const STEPS = `steps:
  - name: a runs
    state: { container: a, status: running }
  - name: a is stopped
    state: { container: a, status: exited }
    known_differences: { podman: "Podman keeps it running, see docs/engines.md" }
`;

describe("known_differences on a step", () => {
  it("skips the step on the engine it names, with the reason, and runs the others", async () => {
    const { result } = await run(WORLD + STEPS, "Podman");
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "skipped"]);
    expect(result.steps[1]!.message).toBe("known difference on Podman: Podman keeps it running, see docs/engines.md");
    expect(result.steps[1]!.attempts).toBe(0);
    expect(result.status).toBe("passed");
  });

  it("runs the step unchanged on another engine (here it fails, as it must)", async () => {
    for (const engine of ["Docker", undefined] as const) {
      const { result } = await run(WORLD + STEPS, engine);
      expect(result.steps.map((s) => s.status)).toEqual(["passed", "failed"]);
      expect(result.status).toBe("failed");
    }
  });
});

describe("known_differences on a scenario", () => {
  const yaml = `${WORLD}known_differences:\n  podman: "Podman refuses links"\n${STEPS}`;

  it("provisions nothing on that engine and reports every step skipped with the reason; exit 0", async () => {
    const { result, runtime, events } = await run(yaml, "Podman");
    expect(result.status).toBe("skipped");
    expect(exitCodeOf(result.status)).toBe(0);
    expect(result.steps.map((s) => [s.status, s.message])).toEqual([
      ["skipped", "known difference on Podman: Podman refuses links"],
      ["skipped", "known difference on Podman: Podman refuses links"],
    ]);
    expect(runtime.calls.filter((c) => /^create/.test(c))).toEqual([]);
    expect(events.map((e) => e.type)).toEqual(["scenario-start", "step-end", "step-end", "scenario-end"]);
  });

  it("provisions and runs on another engine", async () => {
    const { result, runtime } = await run(yaml, "Docker");
    expect(result.status).toBe("failed");
    expect(runtime.calls.some((c) => c.startsWith("createContainer"))).toBe(true);
  });
});

describe("known_differences in the schema", () => {
  it("refuses an engine it does not know, with the keys it knows", () => {
    const parsed = parseScenario("s.yaml", `${WORLD}steps:\n  - state: { container: a, status: running }\n    known_differences: { podmn: "x" }\n`);
    expect(parsed.diagnostics.map((d) => d.message).join("\n")).toMatch(/podmn/);
    expect(parsed.diagnostics.map((d) => d.message).join("\n")).toMatch(/podman/);
  });

  it("refuses an empty reason and an empty map", () => {
    expect(parseScenario("s.yaml", `${WORLD}known_differences: { podman: "" }\n`).diagnostics).not.toEqual([]);
    expect(parseScenario("s.yaml", `${WORLD}known_differences: {}\n`).diagnostics).not.toEqual([]);
  });
});
