// The probe pool: one probe container per target, in the target's namespace, created while
// the target starts, reused until the namespace changes, removed in the background, and a
// create that fails reported as a probe that cannot run.
import { describe, expect, it } from "vitest";
import { ProbeError } from "../src/errors.js";
import { buildPlan } from "../src/plan/build-plan.js";
import { NameRegistry } from "../src/provision/name-map.js";
import { ProbePool } from "../src/provision/probe-pool.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { Tracker } from "../src/teardown/tracker.js";
import { FakeRuntime } from "./support/fake-runtime.js";

const YAML = `
name: pool
containers:
  web: { image: busybox }
`;

async function setup(runtime = new FakeRuntime()) {
  const plan = buildPlan(parseScenario("t.yaml", YAML).scenario!, { runId: "r1", probeImage: "busybox" });
  const tracker = new Tracker();
  const names = new NameRegistry(plan);
  const web = await runtime.createContainer(plan.containers[0]!.create);
  names.recordContainer("web", web);
  const pool = new ProbePool(runtime, plan, names, tracker);
  const probes = () => [...runtime.containers].filter(([, c]) => c.spec.name.includes(".probe"));
  return { runtime, tracker, pool, web, probes };
}

describe("ProbePool", () => {
  it("creates the probe container while the target starts, in its namespace, and starts it when warmed", async () => {
    const { runtime, tracker, pool, web, probes } = await setup();
    pool.prepare("web");
    await pool.settle();
    expect(probes().map(([, c]) => [c.spec.name, c.spec.networkMode, c.status, c.spec.labels["io.lab.role"]])).toEqual([["lab-r1-pool.probe1--web", `container:${web}`, "created", "probe"]]);
    expect(tracker.list().map((r) => r.name)).toEqual(["lab-r1-pool.probe1--web"]);
    await runtime.lifecycle(web, "start");
    pool.warm("web");
    await pool.settle();
    expect(probes().map(([, c]) => c.status)).toEqual(["running"]);
    await pool.inNamespace("web", ["true"]);
    expect(runtime.calls.filter((c) => c.startsWith("createContainer") && c.includes("probe"))).toHaveLength(1);
  });

  it("reuses one probe container for every command in the same namespace", async () => {
    const { runtime, pool, probes } = await setup();
    runtime.execResult = (_c, argv) => ({ exitCode: 0, stdout: argv.join(" "), stderr: "" });
    const [a, b] = await Promise.all([pool.inNamespace("web", ["echo", "a"]), pool.inNamespace("web", ["echo", "b"])]);
    expect([a.stdout, b.stdout]).toEqual(["echo a", "echo b"]);
    await pool.inNamespace("web", ["echo", "c"]);
    const probe = probes()[0]![0];
    expect(runtime.calls.filter((c) => c.startsWith("exec "))).toEqual([`exec ${probe}`, `exec ${probe}`, `exec ${probe}`]);
  });

  it("makes a new probe container once the namespace changed, and removes and forgets the old one", async () => {
    const { runtime, tracker, pool, probes } = await setup();
    await pool.inNamespace("web", ["true"]);
    const first = probes()[0]![0];
    pool.namespaceChanged("web");
    await pool.settle();
    expect(runtime.containers.has(first)).toBe(false);
    expect(tracker.list().map((r) => r.name)).toEqual([]);
    await pool.inNamespace("web", ["true"]);
    expect(probes().map(([, c]) => [c.spec.name, c.status])).toEqual([["lab-r1-pool.probe2--web", "running"]]);
    expect(tracker.list().map((r) => r.name)).toEqual(["lab-r1-pool.probe2--web"]);
  });

  it("treats a failed exec as a changed namespace: the error names the target, the next command gets a new probe", async () => {
    const { runtime, pool, probes } = await setup();
    await pool.inNamespace("web", ["true"]);
    runtime.fail[`exec ${probes()[0]![0]}`] = "container is not running";
    await expect(pool.inNamespace("web", ["true"])).rejects.toThrow(new ProbeError("could not run the probe in web: container is not running"));
    await pool.settle();
    await pool.inNamespace("web", ["true"]);
    expect(probes().map(([, c]) => c.spec.name)).toEqual(["lab-r1-pool.probe2--web"]);
  });

  it("reports a probe container that cannot be made as a probe that cannot run, in the scenario's names, and tries again next time", async () => {
    const { runtime, tracker, pool, web } = await setup();
    // The create in the background fails, and so does the probe's own attempt: that one is reported.
    const refusal = `cannot join the network namespace of ${web}: container is not running`;
    runtime.fail["createContainer lab-r1-pool.probe1--web"] = refusal;
    runtime.fail["createContainer lab-r1-pool.probe2--web"] = refusal;
    pool.prepare("web");
    await pool.settle();
    await expect(pool.inNamespace("web", ["true"])).rejects.toThrow(
      new ProbeError("could not start a probe container in the network namespace of web: cannot join the network namespace of web: container is not running"),
    );
    expect(tracker.list()).toEqual([]);
    await pool.inNamespace("web", ["true"]);
    expect(tracker.list().map((r) => r.name)).toEqual(["lab-r1-pool.probe3--web"]);
  });

  it("removes a probe container that was made but would not start, and reports the start's refusal", async () => {
    const { runtime, tracker, pool } = await setup();
    runtime.fail["start lab-r1-pool.probe1--web"] = "OCI runtime create failed";
    await expect(pool.inNamespace("web", ["true"])).rejects.toThrow(/^could not start a probe container in the network namespace of web: OCI runtime create failed$/);
    expect(tracker.list()).toEqual([]);
    expect([...runtime.containers.values()].map((c) => c.spec.name)).toEqual(["lab-r1-pool--web"]);
  });
});
