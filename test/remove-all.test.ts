// The teardown's order: our containers leave our networks, a few at a time per network, and
// are then removed; the others (probe containers) go at once; each network goes once our
// containers have left it; a network that still refuses is tried again once the containers
// are gone; foreign members are untouched.
import { describe, expect, it } from "vitest";
import { EngineError } from "../src/errors.js";
import { engineRef, type EngineRef, type NetworkInfo } from "../src/runtime/runtime.js";
import { LEAVING_AT_ONCE, removeAll } from "../src/teardown/remove-all.js";
import { FakeRuntime } from "./support/fake-runtime.js";

type R = { kind: "container" | "network"; id: EngineRef; name: string };

/** A fake engine whose networks have members, and whose removals can be held open. */
class Engine extends FakeRuntime {
  members: Record<string, string[]> = {};
  refuseOnce = new Set<string>();
  readonly held = new Map<string, () => void>();
  holdRemovalOf = new Set<string>();
  holdDisconnectOf = new Set<string>();

  override async inspectNetwork(id: EngineRef): Promise<NetworkInfo> {
    this.calls.push(`inspectNetwork ${id}`);
    const containers = (this.members[id] ?? []).map((c) => ({ id: engineRef(c), name: c, endpointId: "", mac: "", ipv4: "", ipv6: "" }));
    return { id, name: id, driver: "bridge", internal: false, subnets: [], options: {}, labels: {}, containers, raw: {} };
  }
  override async disconnect(network: EngineRef, container: EngineRef): Promise<void> {
    this.calls.push(`disconnect ${network} ${container}`);
    if (this.holdDisconnectOf.has(container)) await new Promise<void>((resolve) => this.held.set(`disconnect ${container}`, resolve));
    this.members[network] = (this.members[network] ?? []).filter((c) => c !== container);
  }
  override async removeContainer(id: EngineRef): Promise<void> {
    this.calls.push(`removeContainer ${id}`);
    if (this.holdRemovalOf.has(id)) await new Promise<void>((resolve) => this.held.set(id, resolve));
    for (const n of Object.keys(this.members)) this.members[n] = this.members[n]!.filter((c) => c !== id);
    this.calls.push(`removed ${id}`);
  }
  override async removeNetwork(id: EngineRef): Promise<void> {
    this.calls.push(`removeNetwork ${id}`);
    if (this.refuseOnce.delete(id) || (this.members[id] ?? []).length > 0) throw new EngineError(`network ${id} has active endpoints`, 403);
  }
}

const net = (id: string): R => ({ kind: "network", id: engineRef(id), name: id });
const ctr = (id: string): R => ({ kind: "container", id: engineRef(id), name: id });

describe("removeAll", () => {
  it("removes probe containers at once, members once they have left, and asks for the network while a removal is in flight", async () => {
    const engine = new Engine();
    engine.members = { n1: ["web", "db", "foreign"] };
    engine.holdRemovalOf = new Set(["web"]);
    const done = removeAll([net("n1"), ctr("web"), ctr("db"), ctr("web-probe1")], engine);
    // The network's removal is asked for while a member's removal is still in flight.
    await expect.poll(() => engine.calls.includes("removeNetwork n1") && engine.held.has("web")).toBe(true);
    engine.held.get("web")!();
    const report = await done;

    const at = (call: string): number => engine.calls.indexOf(call);
    expect(at("disconnect n1 web")).toBeLessThan(at("removeContainer web"));
    expect(at("disconnect n1 db")).toBeLessThan(at("removeContainer db"));
    expect(at("removeContainer web-probe1")).toBeLessThan(at("removeContainer web"));
    expect(at("removeNetwork n1")).toBeLessThan(at("removed web"));
    expect(engine.calls.filter((c) => c.includes("foreign"))).toEqual([]);
    // The foreign member keeps the network: refused, tried again, and reported once.
    expect(engine.calls.filter((c) => c === "removeNetwork n1")).toHaveLength(2);
    expect(report.failures).toEqual([{ resource: net("n1"), message: "network n1 has active endpoints" }]);
    expect(report.removed.map((r) => r.id).sort()).toEqual(["db", "web", "web-probe1"]);
  });

  it(`lets at most ${LEAVING_AT_ONCE} members of a network leave at once, removes each once it has left, and the network after all`, async () => {
    const engine = new Engine();
    const names = Array.from({ length: LEAVING_AT_ONCE + 2 }, (_, i) => `m${i}`);
    engine.members = { n1: [...names] };
    engine.holdDisconnectOf = new Set(names);
    const leaving = (): string[] => names.filter((m) => engine.held.has(`disconnect ${m}`));
    const done = removeAll([net("n1"), ...names.map(ctr)], engine);
    await expect.poll(() => leaving().length).toBe(LEAVING_AT_ONCE);
    // Give a wrongly unbounded teardown the time to start the others.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(engine.calls.filter((c) => c.startsWith("disconnect n1 "))).toHaveLength(LEAVING_AT_ONCE);
    expect(engine.calls.filter((c) => c.startsWith("removeContainer "))).toEqual([]);
    // One leaves: it goes, and one more member starts leaving; never more than the limit in flight.
    const first = leaving()[0]!;
    engine.held.get(`disconnect ${first}`)!();
    engine.held.delete(`disconnect ${first}`);
    await expect.poll(() => engine.calls.includes(`removed ${first}`) && leaving().length === LEAVING_AT_ONCE).toBe(true);
    expect(engine.calls.filter((c) => c.startsWith("disconnect n1 "))).toHaveLength(LEAVING_AT_ONCE + 1);
    expect(engine.calls).not.toContain("removeNetwork n1");
    // The rest leave; the network goes only after the last departure.
    while (engine.calls.filter((c) => c.startsWith("disconnect n1 ")).length < names.length || leaving().length > 0) {
      for (const m of leaving()) {
        engine.held.get(`disconnect ${m}`)!();
        engine.held.delete(`disconnect ${m}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const report = await done;
    expect(report.failures).toEqual([]);
    for (const m of names) expect(engine.calls.indexOf(`disconnect n1 ${m}`)).toBeLessThan(engine.calls.indexOf(`removeContainer ${m}`));
    const lastDeparture = Math.max(...names.map((m) => engine.calls.indexOf(`disconnect n1 ${m}`)));
    expect(engine.calls.indexOf("removeNetwork n1")).toBeGreaterThan(lastDeparture);
  });

  it("tries a refused network again once every container is gone, and then counts it removed", async () => {
    const engine = new Engine();
    engine.members = { n1: ["a"] };
    engine.refuseOnce.add("n1");
    const report = await removeAll([ctr("a"), net("n1")], engine);
    expect(report.failures).toEqual([]);
    expect(report.removed.map((r) => r.id).sort()).toEqual(["a", "n1"]);
    expect(engine.calls.lastIndexOf("removeNetwork n1")).toBeGreaterThan(engine.calls.indexOf("removed a"));
  });

  it("keeps going when a member cannot leave: the container still goes, and so does the network after it", async () => {
    const engine = new Engine();
    engine.members = { n1: ["a"] };
    engine.disconnect = async (network: string, container: string) => {
      engine.calls.push(`disconnect ${network} ${container}`);
      throw new EngineError("container is marked for removal", 409);
    };
    const report = await removeAll([ctr("a"), net("n1")], engine);
    expect(report.failures).toEqual([]);
    expect(report.removed.map((r) => r.id).sort()).toEqual(["a", "n1"]);
  });

  it("tries a container again once the others are gone when Podman says another still depends on it (a probe in its namespace)", async () => {
    const engine = new Engine();
    engine.members = { n1: ["web"] };
    const removeContainer = engine.removeContainer.bind(engine);
    engine.removeContainer = async (id: EngineRef) => {
      if (id === "web" && !engine.calls.includes("removed web-probe1")) {
        engine.calls.push(`refused ${id}`);
        throw new EngineError(`container ${id} has dependent containers which must be removed before it: web-probe1: container already exists`, 500);
      }
      return removeContainer(id);
    };
    // web comes first, as the tracker's reversed list would have it while its probe is still there.
    engine.holdRemovalOf = new Set(["web-probe1"]);
    const done = removeAll([ctr("web"), ctr("web-probe1"), net("n1")], engine);
    await expect.poll(() => engine.calls.includes("refused web") && engine.held.has("web-probe1")).toBe(true);
    engine.held.get("web-probe1")!();
    const report = await done;
    expect(report.failures).toEqual([]);
    expect(report.removed.map((r) => r.id).sort()).toEqual(["n1", "web", "web-probe1"]);
    expect(engine.calls.lastIndexOf("removeContainer web")).toBeGreaterThan(engine.calls.indexOf("removed web-probe1"));
  });

  it("reports a container that still has dependents after the others are gone", async () => {
    const engine = new Engine();
    engine.removeContainer = async (id: EngineRef) => {
      engine.calls.push(`removeContainer ${id}`);
      throw new EngineError(`container ${id} has dependent containers which must be removed before it: elsewhere`, 500);
    };
    const report = await removeAll([ctr("web")], engine);
    expect(engine.calls.filter((c) => c === "removeContainer web")).toHaveLength(2);
    expect(report.failures).toEqual([{ resource: ctr("web"), message: "container web has dependent containers which must be removed before it: elsewhere" }]);
  });
});
