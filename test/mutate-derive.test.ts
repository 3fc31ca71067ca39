// lab lint --mutate: the mutations derived from a file (each kind, and that derivation follows
// the declarations, not a lab's names), which of them are relevant to a step, and one whole
// check of a scenario on the stand-in engine: a step that a mutant flips, one that none can.
import { beforeAll, describe, expect, it } from "vitest";
import { deriveMutations } from "../src/mutate/derive-mutations.js";
import { applyMutation, describeMutation, type Mutation } from "../src/mutate/mutation.js";
import { ClaimPool } from "../src/mutate/claim-pool.js";
import { mutateScenario } from "../src/mutate/mutate-scenario.js";
import { relevantTo, stepWords } from "../src/mutate/step-relevance.js";
import { vacuityText } from "../src/mutate/vacuity-text.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import type { Scenario } from "../src/scenario/types.js";
import { FakeRuntime, fakeClock } from "./support/fake-runtime.js";

const WORLD = `name: w
networks:
  front: {}
  back: { internal: true }
containers:
  db: { image: busybox, networks: { back: { aliases: [database] } } }
  web: { image: busybox, networks: [front, back], ports: ["127.0.0.1:18080:80"] }
  legacy: { image: busybox, links: ["store:dbl"] }
  old: { image: busybox }
  store: { image: busybox }
  side: { image: busybox, network_mode: "container:web" }
  host1: { image: busybox, network_mode: host }
  sealed: { image: busybox, network_mode: none }
  later: { image: busybox, start: false }
steps:
  - resolve: { from: web, name: database }
  - connect: { container: old, network: front }
  - resolve: { from: old, name: web }
  - sleep: 1s
`;

const load = (yaml: string): Scenario => {
  const { scenario, diagnostics } = parseScenario("w.yaml", yaml);
  expect(diagnostics).toEqual([]);
  return scenario!;
};
const kinds = (s: Scenario): Mutation[] => deriveMutations(s).map((c) => c.mutation);

describe("deriveMutations", () => {
  beforeAll(() => void parseScenario("warm.yaml", "name: warm\n"), 60_000);

  it("derives every kind from the declarations", () => {
    const m = kinds(load(WORLD));
    const has = (x: Mutation): void => expect(m).toContainEqual(x);
    has({ kind: "stop", container: "db" });
    has({ kind: "start", container: "later" });
    has({ kind: "drop-attachment", container: "web", network: "front" });
    has({ kind: "drop-alias", container: "db", network: "back", alias: "database" });
    has({ kind: "drop-link", container: "legacy", target: "store", alias: "dbl" });
    has({ kind: "move-link", container: "legacy", target: "store", alias: "dbl", to: "old" });
    has({ kind: "drop-port", container: "web", port: 80, host: 18080, protocol: "tcp" });
    has({ kind: "drop-internal", network: "back" });
    has({ kind: "network-mode", container: "host1", from: "host", to: "bridge" });
    has({ kind: "network-mode", container: "sealed", from: "none", to: "bridge" });
    has({ kind: "network-mode", container: "side", from: "container", to: "bridge" });
    has({ kind: "network-mode", container: "legacy", from: "bridge", to: "none" });
    has({ kind: "swap-network", container: "db", from: "back", to: "front" });
    has({ kind: "swap-network", container: "db", from: "back" });
    has({ kind: "swap-network", container: "old", to: "back" });
    has({ kind: "user-bridge", network: "mutant", containers: ["legacy", "old", "store", "later"] });
    has({ kind: "skip-step", index: 1, title: "connect old to front" });
    // A sleep is no move of the lesson; a probe is what is judged, never left out.
    expect(m.filter((x) => x.kind === "skip-step")).toHaveLength(1);
    // The one attachment of db is swapped, not dropped; a stopped-by-design container is not stopped again.
    expect(m).not.toContainEqual({ kind: "drop-attachment", container: "db", network: "back" });
    expect(m).not.toContainEqual({ kind: "stop", container: "later" });
  });

  it("follows the declarations, not the names: renaming everything renames the mutations", () => {
    const rename = (text: string): string =>
      text.replace(/\b(db|web|legacy|old|store|side|host1|sealed|later|front|back|database|dbl)\b/g, (n) => `x${n.split("").reverse().join("")}`);
    const original = kinds(load(WORLD)).map(describeMutation).map(rename);
    const renamed = kinds(load(rename(WORLD))).map(describeMutation);
    expect(renamed).toEqual(original);
    expect(renamed.length).toBeGreaterThan(20);
  });

  it("applies each mutation to a copy of the world", () => {
    const s = load(WORLD);
    const c = (x: Scenario, name: string) => x.containers.find((k) => k.name === name)!;
    expect(c(applyMutation(s, { kind: "stop", container: "db" }), "db").start).toBe(false);
    expect(c(applyMutation(s, { kind: "swap-network", container: "db", from: "back" }), "db").networkMode).toEqual({ kind: "bridge" });
    expect(c(applyMutation(s, { kind: "swap-network", container: "db", from: "back", to: "front" }), "db").networks).toEqual([
      { network: "front", aliases: ["database"] },
    ]);
    expect(c(applyMutation(s, { kind: "drop-alias", container: "db", network: "back", alias: "database" }), "db").networks[0]!.aliases).toEqual([]);
    expect(c(applyMutation(s, { kind: "drop-port", container: "web", port: 80, host: 18080, protocol: "tcp" }), "web").ports).toEqual([]);
    expect(applyMutation(s, { kind: "drop-internal", network: "back" }).networks.find((n) => n.name === "back")!.internal).toBe(false);
    const moved = applyMutation(s, { kind: "move-link", container: "legacy", target: "store", alias: "dbl", to: "old" });
    expect([c(moved, "legacy").links, c(moved, "old").links]).toEqual([[], [{ target: "store", alias: "dbl" }]]);
    const user = applyMutation(s, { kind: "user-bridge", network: "mutant", containers: ["legacy", "old"] });
    expect(user.networks.map((n) => n.name)).toContain("mutant");
    expect(c(user, "old").networks).toEqual([{ network: "mutant", aliases: [] }]);
    expect(applyMutation(s, { kind: "skip-step", index: 1, title: "" }).steps.map((x) => x.index)).toEqual([0, 2, 3]);
    // The original is untouched.
    expect(c(s, "db").start).toBe(true);
    expect(s.steps).toHaveLength(4);
  });

  it("keeps to each step the mutations that touch what it names", () => {
    const s = load(WORLD);
    const candidates = deriveMutations(s);
    const relevant = (i: number): string[] => relevantTo(s, s.steps[i]!, candidates).map((k) => describeMutation(candidates[k]!.mutation));
    const first = relevant(0);
    expect(first).toContain("drop alias database of db on back");
    expect(first).toContain("leave db created, not started");
    // Stopping the container a probe runs in only keeps the probe from running.
    expect(first).not.toContain("leave web created, not started");
    expect(first.some((d) => d.includes("sealed") || d.includes("host1"))).toBe(false);
    // Leaving out a move changes only the steps after it.
    expect(first.some((d) => d.startsWith("leave out step"))).toBe(false);
    expect(relevant(2)).toContain("leave out step 2 (connect old to front)");
  });
});

describe("mutateScenario on the stand-in engine", () => {
  it("names the mutation that flips a step, and finds the step that cannot fail", async () => {
    const s = load(`name: m
networks: { n: {} }
containers:
  a: { image: busybox, networks: [n] }
steps:
  - state: { container: a, status: running }
  - exec: { container: a, command: "true", exit_code: 0 }
`);
    const runtime = new FakeRuntime();
    const result = await mutateScenario(s, {
      runtime,
      clock: fakeClock(),
      signal: new AbortController().signal,
      pull: "missing",
      engineIsRemote: false,
      runId: "t1",
      probeImage: "busybox",
      pool: new ClaimPool(2),
      parallel: 2,
    });
    expect(result.steps.map((x) => x.verdict)).toEqual(["flipped", "cannot-fail"]);
    expect(result.steps[0]!.flippedBy!.description).toBe("leave a created, not started");
    expect(result.status).toBe("failed");
    // Every mutant relevant to the open step ran, and each was torn down.
    expect(result.steps[1]!.tried).toBe(result.steps[1]!.relevant);
    expect(result.mutants.every((m) => m.outcome === "ran" && m.teardownFailures.length === 0)).toBe(true);
    expect([runtime.containers.size, runtime.networks.size]).toEqual([0, 0]);
    const text = vacuityText({
      runId: "t1",
      scenarios: [result],
      summary: { judged: 2, flipped: 1, cannotFail: 1, failedUnmutated: 0, mutants: result.mutants.length, refused: 0, durationMs: 0 },
      exitCode: 1,
    });
    expect(text).toContain('✓ step 1 "a is running" — flipped by: leave a created, not started');
    expect(text).toMatch(/✗ step 2 .* — cannot fail/);
  });

  it("reports a mutant the engine refuses as refused, not as a crash", async () => {
    const s = load(`name: r
networks: { n: {}, o: {} }
containers:
  a: { image: busybox, networks: [n] }
steps:
  - state: { container: a, status: running }
`);
    const runtime = new FakeRuntime();
    // The stand-in engine takes the world as written, then refuses every mutant's.
    const create = runtime.createContainer.bind(runtime);
    runtime.createContainer = async (spec) => {
      if (!spec.name.includes("-t2-")) throw new Error("the engine refuses this world");
      return create(spec);
    };
    const result = await mutateScenario(s, {
      runtime,
      clock: fakeClock(),
      signal: new AbortController().signal,
      pull: "missing",
      engineIsRemote: false,
      runId: "t2",
      probeImage: "busybox",
      pool: new ClaimPool(1),
      parallel: 1,
    });
    expect(result.steps[0]!.verdict).toBe("cannot-fail");
    expect(result.mutants.length).toBeGreaterThan(0);
    expect(result.mutants.every((m) => m.outcome === "refused" && /refuses this world/.test(m.message ?? ""))).toBe(true);
    expect(runtime.containers.size + runtime.networks.size).toBe(0);
  });
});

describe("host entries and network drivers", () => {
  it("derives dropping each host entry and making an attachable or overlay network a plain bridge, and applies them", () => {
    const s = parseScenario(
      "m.yaml",
      `name: m\nnetworks:\n  mesh: { driver: overlay, attachable: true }\n  app: { subnet: 10.231.62.0/24 }\ncontainers:\n  db: { image: busybox, networks: { app: { ipv4_address: 10.231.62.10 } } }\n  web: { image: busybox, networks: [app, mesh], extra_hosts: ["pinned:10.231.62.10"] }\nsteps:\n  - resolve: { from: web, name: pinned }\n`,
    ).scenario!;
    const kinds = deriveMutations(s).map((c) => describeMutation(c.mutation));
    expect(kinds).toContain("drop the host entry pinned:10.231.62.10 of web");
    expect(kinds).toContain("make mesh a plain local bridge instead of its overlay driver");
    const dropped = applyMutation(s, { kind: "drop-host-entry", container: "web", entry: "pinned:10.231.62.10" });
    expect(dropped.containers.find((c) => c.name === "web")!.extraHosts).toEqual([]);
    const plain = applyMutation(s, { kind: "plain-network", network: "mesh", driver: "overlay" });
    expect(plain.networks.find((n) => n.name === "mesh")).toMatchObject({ driver: "bridge", attachable: false });
    // The entry's name stands for the container that has it and for the one whose address it names.
    expect([...stepWords(s, s.steps[0]!)]).toEqual(expect.arrayContaining(["web", "db"]));
  });
});
