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

// The target runs another image than the probe image: its probes need a probe container.
const YAML = `
name: pool
containers:
  web: { image: nginx }
`;

async function setup(runtime = new FakeRuntime(), yaml = YAML) {
  runtime.images.add("nginx");
  const plan = buildPlan(parseScenario("t.yaml", yaml).scenario!, { runId: "r1", probeImage: "busybox" });
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
    expect(probes().map(([, c]) => [c.spec.name, c.spec.networkMode, c.status, c.spec.labels["io.lab.role"]])).toEqual([
      ["lab-r1-pool.probe1--web", `container:${web}`, "created", "probe"],
    ]);
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
    await expect(pool.inNamespace("web", ["true"])).rejects.toThrow(
      /^could not start a probe container in the network namespace of web: OCI runtime create failed$/,
    );
    expect(tracker.list()).toEqual([]);
    expect([...runtime.containers.values()].map((c) => c.spec.name)).toEqual(["lab-r1-pool--web"]);
  });

  describe("exec in place", () => {
    const world = (web: string, steps = "") => `name: pool\ncontainers:\n  web: ${web}\n${steps}`;
    const execsIn = (runtime: FakeRuntime) => runtime.calls.filter((c) => c.startsWith("exec ")).map((c) => c.slice(5));
    const probeCreates = (runtime: FakeRuntime) => runtime.calls.filter((c) => c.startsWith("createContainer") && c.includes("-probe"));

    it("runs the probes in the target itself when it runs the probe image as root in its own namespace: no probe container", async () => {
      for (const web of ["{ image: busybox }", "{ image: busybox, user: root }", "{ image: busybox, user: '0' }", "{ image: busybox, network_mode: none }"]) {
        const { runtime, pool, web: id } = await setup(new FakeRuntime(), world(web));
        pool.prepare("web");
        pool.warm("web");
        await pool.inNamespace("web", ["true"]);
        pool.namespaceChanged("web");
        await pool.inNamespace("web", ["true"]);
        await pool.settle();
        expect(execsIn(runtime), web).toEqual([id, id]);
        expect(probeCreates(runtime), web).toEqual([]);
        expect(runtime.containers.has(id), web).toBe(true);
        expect(pool.decided.get("web")).toBe("in place");
      }
    });

    it("compares image ids, not references: another tag of the probe image is the same tool", async () => {
      const runtime = new FakeRuntime();
      runtime.images.add("busybox:stable");
      runtime.imageIds.set("busybox:stable", "sha256:busybox");
      const { pool, web: id } = await setup(runtime, world("{ image: 'busybox:stable' }"));
      await pool.inNamespace("web", ["true"]);
      expect(execsIn(runtime)).toEqual([id]);
    });

    it("keeps the probe container for any other target", async () => {
      const others = [
        ["{ image: nginx }", ""],
        ["{ image: busybox, user: nobody }", ""],
        ["{ image: busybox, user: '1000:1000' }", ""],
        ["{ image: busybox, network_mode: host }", ""],
        ["{ image: busybox, environment: { http_proxy: 'http://x:1' } }", ""],
        ["{ image: busybox, working_dir: /tmp }", ""],
        ['{ image: busybox, files: { "/etc/motd": hi } }', ""],
        ["{ image: busybox }", "steps:\n  - pause: web\n"],
        ["{ image: busybox }", "steps:\n  - process: { container: web, command: sleep }\n"],
      ];
      for (const [web, steps] of others) {
        const { runtime, pool, web: id, probes } = await setup(new FakeRuntime(), world(web!, steps));
        await pool.inNamespace("web", ["true"]);
        expect(execsIn(runtime), web + steps).toEqual([probes()[0]![0]]);
        expect(execsIn(runtime), web + steps).not.toContain(id);
        expect(pool.decided.get("web")).toBe("probe container");
      }
    });

    it("keeps the probe container when the engine cannot say the image's id", async () => {
      const runtime = new FakeRuntime();
      runtime.fail["imageId busybox"] = "boom";
      const { pool, probes } = await setup(runtime, world("{ image: busybox }"));
      await pool.inNamespace("web", ["true"]);
      expect(execsIn(runtime)).toEqual([probes()[0]![0]]);
    });
  });
});
