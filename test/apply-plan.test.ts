import { describe, expect, it } from "vitest";
import { buildPlan } from "../src/plan/build-plan.js";
import { applyPlan } from "../src/provision/apply-plan.js";
import { NameRegistry } from "../src/provision/name-map.js";
import { ProbePool } from "../src/provision/probe-pool.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { Tracker } from "../src/teardown/tracker.js";
import { sweep } from "../src/teardown/sweep.js";
import { FakeRuntime, fakeClock } from "./support/fake-runtime.js";

const YAML = `
name: order
networks: { app: {} }
containers:
  target: { image: busybox, networks: [app] }
  shadow: { image: busybox, network_mode: "container:target" }
  linker: { image: busybox, links: [side] }
  side: { image: busybox }
  later: { image: busybox, start: false }
`;

function setup(runtime = new FakeRuntime()) {
  const plan = buildPlan(parseScenario("t.yaml", YAML).scenario!, { runId: "r1", probeImage: "busybox" });
  const tracker = new Tracker();
  const names = new NameRegistry(plan);
  const pool = new ProbePool(runtime, plan, names, tracker);
  const apply = () =>
    applyPlan(plan, { runtime, tracker, names, pool, clock: fakeClock(), signal: new AbortController().signal, pull: "missing", progress: () => undefined });
  return { runtime, tracker, apply };
}

describe("applyPlan and the teardown", () => {
  it("starts dependents only after their targets, and leaves start: false containers created", async () => {
    const { runtime, apply } = setup();
    await apply();
    const at = (op: string) => runtime.calls.indexOf(op);
    expect(at("start lab-r1-order--shadow")).toBeGreaterThan(at("start lab-r1-order--target"));
    expect(at("createContainer lab-r1-order--shadow")).toBeGreaterThan(at("createContainer lab-r1-order--target"));
    expect(at("start lab-r1-order--linker")).toBeGreaterThan(at("start lab-r1-order--side"));
    expect(at("start lab-r1-order--later")).toBe(-1);
    expect(at("createNetwork lab-r1-order--app")).toBeLessThan(at("createContainer lab-r1-order--target"));
  });

  it("tracks what was made before a failure, and the teardown removes exactly that", async () => {
    const runtime = new FakeRuntime();
    runtime.fail["start lab-r1-order--side"] = "oci runtime error";
    const { tracker, apply } = setup(runtime);
    await expect(apply()).rejects.toThrow(/Starting container "side" failed: oci runtime error/);
    expect(
      tracker
        .list()
        .map((r) => r.name)
        .sort(),
    ).toEqual(
      ["lab-r1-order--app", "lab-r1-order--later", "lab-r1-order--linker", "lab-r1-order--shadow", "lab-r1-order--side", "lab-r1-order--target"].sort(),
    );
    const report = await tracker.teardown(runtime);
    expect(report.failures).toEqual([]);
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
    // A network goes only once its member has left it: a network with members cannot be removed.
    const left = runtime.calls.findIndex((c) => c.startsWith("disconnect net1 "));
    expect(left).toBeGreaterThanOrEqual(0);
    expect(runtime.calls.findIndex((c) => c.startsWith("removeNetwork"))).toBeGreaterThan(left);
  });

  it("keeps tearing down past a failure and reports it", async () => {
    const { runtime, tracker, apply } = setup();
    await apply();
    const [victim] = [...runtime.containers.keys()];
    runtime.fail[`removeContainer ${victim}`] = "device or resource busy";
    const report = await tracker.teardown(runtime);
    expect(report.failures.map((f) => f.message)).toEqual(["device or resource busy"]);
    expect(runtime.containers.size).toBe(1);
  });

  it("sweeps by label only: other runs and foreign resources are untouched", async () => {
    const { runtime, apply } = setup();
    await apply();
    await runtime.createContainer({
      name: "foreign",
      image: "busybox",
      environment: {},
      labels: {},
      init: false,
      ports: [],
      networkMode: "bridge",
      networks: [],
      links: [],
    });
    await runtime.createContainer({
      name: "other-run",
      image: "busybox",
      environment: {},
      labels: { "io.lab.run": "r2" },
      init: false,
      ports: [],
      networkMode: "bridge",
      networks: [],
      links: [],
    });
    const report = await sweep(runtime, { runId: "r1", clock: fakeClock() });
    expect(report.removed.length).toBe(6);
    expect([...runtime.containers.values()].map((c) => c.spec.name).sort()).toEqual(["foreign", "other-run"]);
    // Without options a run that recorded no owner is left; --all takes it.
    await sweep(runtime, { clock: fakeClock() });
    expect([...runtime.containers.values()].map((c) => c.spec.name).sort()).toEqual(["foreign", "other-run"]);
    await sweep(runtime, { all: true, clock: fakeClock() });
    expect([...runtime.containers.values()].map((c) => c.spec.name)).toEqual(["foreign"]);
  });
});
