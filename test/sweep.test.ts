import { hostname } from "node:os";
import { describe, expect, it } from "vitest";
import { labelsFor } from "../src/plan/labels.js";
import { currentOwner, processStart } from "../src/plan/owner.js";
import type { ContainerCreate } from "../src/runtime/runtime.js";
import { sweep } from "../src/teardown/sweep.js";
import { FakeRuntime, fakeClock } from "./support/fake-runtime.js";

/**
 * `lab clean` right after a kill, against a stand-in engine that makes the real races
 * certain: the killed run's own removals and creates are still being carried out.
 */

const spec = (name: string, labels: Record<string, string>): ContainerCreate => ({
  name,
  image: "busybox",
  environment: {},
  labels,
  init: false,
  ports: [],
  networkMode: "bridge",
  networks: [],
  links: [],
});
const network = (runtime: FakeRuntime, name: string, labels: Record<string, string>) =>
  runtime.createNetwork({ name, driver: "bridge", internal: false, labels });

/** Runs `then` when the engine is listed for the `n`-th time: the engine finishing something between two looks. */
function onList(runtime: FakeRuntime, n: number, then: () => Promise<unknown>): { lists: () => number } {
  const list = runtime.list.bind(runtime);
  let lists = 0;
  runtime.list = async (labels) => {
    if (++lists === n) await then();
    return list(labels);
  };
  return { lists: () => lists };
}

describe("sweep (lab clean)", () => {
  it("waits for a removal the killed run left in progress, and counts it once", async () => {
    const runtime = new FakeRuntime();
    const labels = { "io.lab.run": "abc123" };
    await network(runtime, "lab-abc123-s-net", labels);
    const a = await runtime.createContainer(spec("lab-abc123-s-a", labels));
    await runtime.createContainer(spec("lab-abc123-s-b", labels));
    await runtime.createContainer(spec("someone-elses", {}));
    // The killed run had already asked the engine to remove `a`: a second removal is refused, and the first is done by the next look.
    runtime.fail[`removeContainer ${a}`] = `removal of container ${a} is already in progress`;
    onList(runtime, 2, async () => {
      delete runtime.fail[`removeContainer ${a}`];
      await runtime.removeContainer(a);
    });
    const report = await sweep(runtime, { runId: "abc123", clock: fakeClock() });
    expect(report.failures).toEqual([]);
    expect(report.removed.map((r) => r.name).sort()).toEqual(["lab-abc123-s-a", "lab-abc123-s-b", "lab-abc123-s-net"]);
    expect(await runtime.list({ "io.lab.run": undefined })).toEqual([]);
    expect([...runtime.containers.values()].map((c) => c.spec.name)).toEqual(["someone-elses"]);
  });

  it("removes what a create the killed run left in progress makes after the sweep began", async () => {
    const runtime = new FakeRuntime();
    const labels = { "io.lab.run": "def456" };
    await network(runtime, "lab-def456-s-first", labels);
    const clock = fakeClock();
    // The engine finishes the killed run's last create 1.5 s into the sweep, inside the 2 s quiet window.
    const seenAt: number[] = [];
    let landed = false;
    const list = runtime.list.bind(runtime);
    runtime.list = async (l) => {
      seenAt.push(clock.now());
      if (clock.now() >= 1_500 && !landed) {
        landed = true;
        await network(runtime, "lab-def456-s-late", labels);
      }
      return list(l);
    };
    const report = await sweep(runtime, { runId: "def456", clock });
    expect(report.removed.map((r) => r.name).sort()).toEqual(["lab-def456-s-first", "lab-def456-s-late"]);
    expect(await runtime.list({ "io.lab.run": "def456" })).toEqual([]);
    // It then watched a whole quiet window past the late arrival.
    expect(landed).toBe(true);
    expect(seenAt.at(-1)! - 1_500).toBeGreaterThanOrEqual(2_000);
  });

  it("does not wait with --older-than: those resources are old by definition", async () => {
    const runtime = new FakeRuntime();
    await network(runtime, "lab-aaa111-s-net", { "io.lab.run": "aaa111" });
    const { lists } = onList(runtime, 99, async () => undefined);
    const report = await sweep(runtime, { olderThanMs: 1_000, now: Date.now(), clock: fakeClock() });
    expect(report.removed.map((r) => r.name)).toEqual(["lab-aaa111-s-net"]);
    expect(lists()).toBe(1);
  });

  it("ends at its limit with what would not go, saying why", async () => {
    const runtime = new FakeRuntime();
    const id = await network(runtime, "lab-bbb222-s-net", { "io.lab.run": "bbb222" });
    runtime.fail[`removeNetwork ${id}`] = "error while removing network: network has active endpoints";
    const clock = fakeClock();
    const report = await sweep(runtime, { runId: "bbb222", clock });
    expect(report.removed).toEqual([]);
    expect(report.failures.map((f) => `${f.resource.name}: ${f.message}`)).toEqual([
      "lab-bbb222-s-net: error while removing network: network has active endpoints",
    ]);
    expect(clock.now()).toBeGreaterThanOrEqual(10_000);
  });
});

describe("sweep without options: only runs whose process is gone", () => {
  const owner = (pid: number | string, start: string, host = hostname()): Record<string, string> => ({
    "io.lab.owner.host": host,
    "io.lab.owner.pid": String(pid),
    "io.lab.owner.start": start,
  });

  it("removes a dead owner's run, leaves a live one, another host's and an unrecorded one; --all takes them all", async () => {
    const runtime = new FakeRuntime();
    const me = currentOwner();
    // A PID above the kernel's maximum never runs.
    await network(runtime, "lab-dead01-s-net", { "io.lab.run": "dead01", ...owner(4_194_305, "1") });
    await runtime.createContainer(spec("lab-dead01-s-a", { "io.lab.run": "dead01", ...owner(4_194_305, "1") }));
    // This very process, but an earlier one with its PID (another start time): gone too.
    await runtime.createContainer(spec("lab-reuse1-s-a", { "io.lab.run": "reuse1", ...owner(me.pid, `${me.start}0`) }));
    await runtime.createContainer(spec("lab-live01-s-a", { "io.lab.run": "live01", ...owner(me.pid, me.start) }));
    await runtime.createContainer(spec("lab-other1-s-a", { "io.lab.run": "other1", ...owner(4_194_305, "1", "some-other-host") }));
    await runtime.createContainer(spec("lab-old001-s-a", { "io.lab.run": "old001" }));
    const report = await sweep(runtime, { clock: fakeClock() });
    expect(report.removed.map((r) => r.name).sort()).toEqual(["lab-dead01-s-a", "lab-dead01-s-net", "lab-reuse1-s-a"]);
    expect(report.spared.map((r) => r.name).sort()).toEqual(["lab-live01-s-a", "lab-old001-s-a", "lab-other1-s-a"]);
    const all = await sweep(runtime, { all: true, clock: fakeClock() });
    expect(all.removed.map((r) => r.name).sort()).toEqual(["lab-live01-s-a", "lab-old001-s-a", "lab-other1-s-a"]);
    expect(await runtime.list({ "io.lab.run": undefined })).toEqual([]);
  });

  it("--run removes its run even while the owner is alive", async () => {
    const runtime = new FakeRuntime();
    const me = currentOwner();
    await runtime.createContainer(spec("lab-live02-s-a", { "io.lab.run": "live02", ...owner(me.pid, me.start) }));
    const report = await sweep(runtime, { runId: "live02", clock: fakeClock() });
    expect(report.removed.map((r) => r.name)).toEqual(["lab-live02-s-a"]);
  });

  it("a process's start time is read from /proc and labels carry the owner", () => {
    expect(processStart(process.pid)).toMatch(/^\d+$/);
    expect(processStart(4_194_305)).toBeUndefined();
    expect(labelsFor("r1", "s", "a")).toMatchObject({
      "io.lab.owner.host": hostname(),
      "io.lab.owner.pid": String(process.pid),
      "io.lab.owner.start": processStart(process.pid),
    });
  });
});
