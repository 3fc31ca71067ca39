import { describe, expect, it } from "vitest";
import { positionsIn } from "../src/api/check-lab.js";
import { bindWorld, COMPOSE, serviceOf, type Binding, type DeclarationLine } from "../src/check/bind-world.js";
import { BoundNames } from "../src/check/bound-names.js";
import { declaredFacts, sameImage, type Fact } from "../src/check/declared-facts.js";
import { engineRef, type ContainerInfo, type EngineRef, type Endpoint, type NetworkInfo } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { SourceFile } from "../src/scenario/source-file.js";
import type { Scenario } from "../src/scenario/types.js";
import { FakeRuntime } from "./support/fake-runtime.js";

/** The fake engine, answering to a name as well as an id, and (like dockerd) to a unique id prefix. */
class NamedFake extends FakeRuntime {
  override async inspectContainer(ref: EngineRef): Promise<ContainerInfo> {
    const byName = [...this.containers].find(([, c]) => c.spec.name === ref)?.[0];
    const byPrefix = [...this.containers.keys()].filter((id) => id.startsWith(ref));
    return super.inspectContainer(engineRef(byName ?? (byPrefix.length === 1 ? byPrefix[0]! : ref)));
  }
  override async inspectNetwork(ref: EngineRef): Promise<NetworkInfo> {
    const byName = [...this.networks].find(([, n]) => n.name === ref)?.[0];
    return super.inspectNetwork(engineRef(byName ?? ref));
  }
  run(name: string, labels: Record<string, string> = {}): Promise<EngineRef> {
    return this.createContainer({ name, image: "busybox", environment: {}, labels, init: true, ports: [], networkMode: "bridge", networks: [], links: [] });
  }
  net(name: string, labels: Record<string, string> = {}): Promise<EngineRef> {
    return this.createNetwork({ name, driver: "bridge", internal: false, attachable: false, enableIpv6: false, ipam: [], driverOpts: {}, labels });
  }
}

const FILE = "check.yaml";

function parsed(text: string): { scenario: Scenario; facts: Fact[]; lineOf: DeclarationLine } {
  const { scenario, diagnostics } = parseScenario(FILE, text, { mode: "check" });
  expect(diagnostics, JSON.stringify(diagnostics)).toEqual([]);
  const positions = positionsIn(new SourceFile(FILE, text));
  return { scenario: scenario!, facts: declaredFacts(scenario!, positions), lineOf: (kind, name) => positions.line([kind, name]) };
}

/** The line (1-based) of the first line of `text` that contains `needle`. */
const lineWith = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

describe("bindWorld without --compose-project: the exact name", () => {
  const text = `name: exact\nnetworks:\n  app: {}\ncontainers:\n  web: { image: busybox }\nsteps:\n  - resolve: { from: db, name: web }\n`;

  it("binds each declared or used name to the container or network of that name, and keeps what it looked for", async () => {
    const fake = new NamedFake();
    const web = await fake.run("web");
    const db = await fake.run("db");
    const app = await fake.net("app");
    await fake.run("webserver");
    const { scenario, lineOf } = parsed(text);
    const b = await bindWorld(scenario, fake, lineOf);
    expect(b.names.map((n) => [n.kind, n.name, n.line])).toEqual([
      ["container", "web", lineWith(text, "web:")],
      ["network", "app", lineWith(text, "app:")],
      ["container", "db", lineWith(text, "from: db")],
    ]);
    expect(b.containers.get("web")?.id).toBe(web);
    expect(b.containers.get("db")?.id).toBe(db);
    expect(b.networks.get("app")?.id).toBe(app);
    expect(b.names.find((n) => n.name === "web")?.lookedFor).toBe('a container named "web"');
    expect(b.names.find((n) => n.name === "app")?.lookedFor).toBe('a network named "app"');
  });

  it("does not bind an id prefix the engine would answer to, nor a name that is not there: both are failed checks saying what was looked for", async () => {
    const fake = new NamedFake();
    const id = await fake.run("someone-else"); // the fake's ids are ctr1, ctr2, …
    const prefix = id.slice(0, 3);
    expect((await fake.inspectContainer(engineRef(prefix))).id).toBe(id); // the engine does answer to it
    const t = `name: missing\nnetworks:\n  app: {}\ncontainers:\n  ${prefix}: { image: busybox }\n  web: { image: busybox, networks: [app] }\n`;
    const { scenario, facts, lineOf } = parsed(t);
    const b = await bindWorld(scenario, fake, lineOf);
    expect(b.containers.size).toBe(0);
    expect(b.networks.size).toBe(0);
    const judged = facts.map((f) => ({ title: f.title, line: f.line, ...f.judge(b) }));
    expect(judged.find((j) => j.title === `${prefix} exists`)).toMatchObject({
      ok: false,
      line: lineWith(t, `${prefix}:`),
      message: `no such container: lab looked for a container named "${prefix}"`,
    });
    expect(judged.find((j) => j.title === "web exists")).toMatchObject({ ok: false, message: 'no such container: lab looked for a container named "web"' });
    expect(judged.find((j) => j.title === "app exists")).toMatchObject({ ok: false, message: 'no such network: lab looked for a network named "app"' });
    // The facts about what is not there are not judged: the missing name is the one failure.
    expect(judged.find((j) => j.title === "web runs the image busybox")).toMatchObject({
      ok: false,
      skipped: true,
      message: "not checked: container web does not exist",
    });
    expect(judged.find((j) => j.title === "web is on app")).toMatchObject({ skipped: true });
  });

  it("binds bridge, host and none to the engine's own networks, whatever the binding", async () => {
    const fake = new NamedFake();
    const bridge = await fake.net("bridge");
    await fake.net("shop_bridge", { [COMPOSE.project]: "shop", [COMPOSE.network]: "bridge" });
    const { scenario, lineOf } = parsed(`name: b\ncontainers:\n  web: { image: busybox, networks: [bridge] }\n`);
    for (const composeProject of [undefined, "shop"]) {
      const b = await bindWorld(scenario, fake, lineOf, { composeProject });
      expect(b.networks.get("bridge")?.id).toBe(bridge);
      expect(b.names.find((n) => n.name === "bridge")?.lookedFor).toBe(`the engine's network "bridge"`);
    }
  });
});

describe("bindWorld with --compose-project", () => {
  const project = (service: string, number: string, extra: Record<string, string> = {}, p = "shop"): Record<string, string> => ({
    [COMPOSE.project]: p,
    [COMPOSE.service]: service,
    [COMPOSE.number]: number,
    [COMPOSE.oneoff]: "False",
    ...extra,
  });

  async function shop(): Promise<{ fake: NamedFake; ids: Record<string, EngineRef> }> {
    const fake = new NamedFake();
    const ids: Record<string, EngineRef> = {};
    // A one-off container (`docker-compose run web`) numbered 1 comes first, then replicas 3 and 2, out of order.
    ids.oneoff = await fake.run("shop_web_run_1", project("web", "1", { [COMPOSE.oneoff]: "True" }));
    ids.web3 = await fake.run("shop_web_3", project("web", "3"));
    ids.web2 = await fake.run("shop_web_2", project("web", "2"));
    ids.db = await fake.run("shop_db_1", project("db", "1"));
    ids.otherWeb = await fake.run("other_web_1", project("web", "1", {}, "other"));
    ids.plainWeb = await fake.run("web");
    ids.app = await fake.net("shop_app", { [COMPOSE.project]: "shop", [COMPOSE.network]: "app" });
    // A network of the project without the network label (an older compose): found by the name P_back.
    ids.back = await fake.net("shop_back", { [COMPOSE.project]: "shop" });
    ids.otherApp = await fake.net("other_app", { [COMPOSE.project]: "other", [COMPOSE.network]: "app" });
    ids.plainApp = await fake.net("app");
    return { fake, ids };
  }

  it("binds a service to its lowest-numbered replica, never a one-off container, nor another project's", async () => {
    const { fake, ids } = await shop();
    const { scenario, lineOf } = parsed(`name: c\ncontainers:\n  web: { image: busybox }\n  db: { image: busybox }\n`);
    const b = await bindWorld(scenario, fake, lineOf, { composeProject: "shop" });
    expect(b.containers.get("web")?.id).toBe(ids.web2);
    expect(b.containers.get("db")?.id).toBe(ids.db);
    expect(b.names.find((n) => n.name === "web")?.lookedFor).toBe(
      `the first replica of service "web" of compose project "shop" (labels ${COMPOSE.project}=shop, ${COMPOSE.service}=web)`,
    );
  });

  it("binds web.3 to replica 3, and web.1 to nothing when only a one-off container has that number", async () => {
    const { fake, ids } = await shop();
    const t = `name: r\ncontainers:\n  web.3: { image: busybox }\n  web.1: { image: busybox }\n`;
    const { scenario, facts, lineOf } = parsed(t);
    const b = await bindWorld(scenario, fake, lineOf, { composeProject: "shop" });
    expect(b.containers.get("web.3")?.id).toBe(ids.web3);
    expect(b.containers.has("web.1")).toBe(false);
    const missing = facts.find((f) => f.title === "web.1 exists")!.judge(b);
    expect(missing.ok).toBe(false);
    expect(missing.message).toBe(
      `no such container: lab looked for replica 1 of service "web" of compose project "shop" (labels ${COMPOSE.project}=shop, ${COMPOSE.service}=web)`,
    );
    expect(facts.find((f) => f.title === "web.3 exists")!.judge(b)).toMatchObject({
      ok: true,
      message: expect.stringContaining("container shop_web_3 (replica 3"),
    });
  });

  it("binds a network by its compose label, else by the name P_net; a name of no project network is missing", async () => {
    const { fake, ids } = await shop();
    const { scenario, facts, lineOf } = parsed(`name: n\nnetworks:\n  app: {}\n  back: {}\n  cache: {}\n`);
    const b = await bindWorld(scenario, fake, lineOf, { composeProject: "shop" });
    expect(b.networks.get("app")?.id).toBe(ids.app);
    expect(b.networks.get("back")?.id).toBe(ids.back);
    expect(b.networks.has("cache")).toBe(false);
    expect(facts.find((f) => f.title === "cache exists")!.judge(b).message).toBe(
      `no such network: lab looked for network "cache" of compose project "shop" (label ${COMPOSE.network}=cache, or the name shop_cache)`,
    );
  });

  it("gives the steps the bound ids, passes an unbound name to the engine as written, and speaks of the real names in the file's terms", async () => {
    const { fake, ids } = await shop();
    const { scenario, lineOf } = parsed(`name: s\nnetworks:\n  app: {}\ncontainers:\n  web: { image: busybox }\n`);
    const b = await bindWorld(scenario, fake, lineOf, { composeProject: "shop" });
    const names = new BoundNames(b, "run1", "s");
    expect(names.container("web")).toBe(ids.web2);
    expect(names.network("app")).toBe(ids.app);
    expect(names.container("ghost")).toBe("ghost");
    expect(names.inScenarioTerms(`shop_web_2 on shop_app (id ${ids.web2})`)).toBe("web on app (id web)");
    expect(names.realName("probe1")).toContain("run1");
  });

  it("reads only: binding makes no create, connect, lifecycle or remove call", async () => {
    const { fake } = await shop();
    const before = fake.calls.length;
    const { scenario, lineOf } = parsed(`name: ro\nnetworks:\n  app: {}\ncontainers:\n  web: { image: busybox }\n`);
    await bindWorld(scenario, fake, lineOf, { composeProject: "shop" });
    const made = fake.calls.slice(before);
    expect(made.length).toBeGreaterThan(0);
    expect(made.every((c) => c.startsWith("inspect"))).toBe(true);
  });

  it("reads web.2 as replica 2 of web, and a name without a number as the service itself", () => {
    expect(serviceOf("web.2")).toEqual({ service: "web", replica: 2 });
    expect(serviceOf("web")).toEqual({ service: "web" });
    expect(serviceOf("v1.0")).toEqual({ service: "v1.0" });
  });
});

// --- declared facts, against a binding made by hand -------------------------------------------

const endpoint = (networkId: string, e: Partial<Endpoint> = {}): Endpoint => ({
  networkId: engineRef(networkId),
  ipv4: "",
  ipv6: "",
  mac: "",
  aliases: [],
  links: [],
  ...e,
});

const container = (name: string, c: Partial<ContainerInfo> = {}): ContainerInfo => ({
  id: engineRef(`${name}0123456789abcdef`),
  name: engineRef(name),
  status: "running",
  running: true,
  exitCode: 0,
  error: "",
  pid: 1,
  startedAt: "",
  networkMode: "bridge",
  image: "busybox",
  endpoints: {},
  ports: {},
  raw: {},
  ...c,
});

const network = (name: string, n: Partial<NetworkInfo> = {}): NetworkInfo => ({
  id: engineRef(`id-${name}`),
  name: engineRef(name),
  driver: "bridge",
  internal: false,
  subnets: [],
  options: {},
  labels: {},
  containers: [],
  raw: {},
  ...n,
});

function world(containers: ContainerInfo[], networks: NetworkInfo[], as: Record<string, string> = {}): Binding {
  const key = (real: string): string => as[real] ?? real;
  return {
    names: [
      ...containers.map((c) => ({ kind: "container" as const, name: key(c.name), line: 1, lookedFor: `a container named "${key(c.name)}"`, container: c })),
      ...networks.map((n) => ({ kind: "network" as const, name: key(n.name), line: 1, lookedFor: `a network named "${key(n.name)}"`, network: n })),
    ],
    containers: new Map(containers.map((c) => [key(c.name), c])),
    networks: new Map(networks.map((n) => [key(n.name), n])),
  };
}

/** Judges the file's facts against a world; the fact titled `title` must exist, and its judgement is returned with its line. */
function judgeAll(text: string, w: Binding): Map<string, { ok: boolean; message: string; line: number; skipped?: boolean }> {
  const { facts } = parsed(text);
  return new Map(facts.map((f) => [f.title, { ...f.judge(w), line: f.line }]));
}

const must = <T>(m: Map<string, T>, title: string): T => {
  const got = m.get(title);
  if (!got) throw new Error(`no fact "${title}" among: ${[...m.keys()].join(" | ")}`);
  return got;
};

describe("declaredFacts: each fact the file writes, checked against the engine's view", () => {
  it("image: busybox and busybox:latest are one image; nginx is not busybox", () => {
    const text = `name: img\ncontainers:\n  web: { image: busybox }\n`;
    expect(must(judgeAll(text, world([container("web", { image: "busybox:latest" })], [])), "web runs the image busybox")).toMatchObject({
      ok: true,
      line: 3,
    });
    expect(must(judgeAll(text, world([container("web", { image: "nginx" })], [])), "web runs the image busybox")).toMatchObject({
      ok: false,
      message: "web runs the image nginx, not busybox",
    });
    expect(sameImage("docker.io/library/busybox:latest", "busybox")).toBe(true);
    expect(sameImage("busybox:1.36", "busybox")).toBe(false);
  });

  it("a key the file leaves out checks nothing", () => {
    const { facts } = parsed(`name: few\ncontainers:\n  web: { image: busybox }\nnetworks:\n  app: {}\n`);
    expect(facts.map((f) => f.title)).toEqual(["web exists", "app exists", "web runs the image busybox"]);
  });

  it("networks and aliases: on app with the alias api; not on app; on app without it (the short-id alias is not counted)", () => {
    const text = `name: net\nnetworks:\n  app: {}\ncontainers:\n  web:\n    image: busybox\n    networks:\n      app: { aliases: [api] }\n`;
    const app = network("app");
    const other = network("other");
    const good = judgeAll(text, world([container("web", { endpoints: { app: endpoint(app.id, { aliases: ["web0123456", "web", "api"] }) } })], [app]));
    expect(must(good, "web is on app")).toMatchObject({ ok: true, line: lineWith(text, "app: { aliases") });
    expect(must(good, "web is on app with the alias api")).toMatchObject({ ok: true, message: "web answers to api on app", line: lineWith(text, "aliases") });

    const off = judgeAll(text, world([container("web", { endpoints: { other: endpoint(other.id) } })], [app]));
    expect(must(off, "web is on app")).toMatchObject({ ok: false, message: "web is not on app: it is on other" });
    expect(must(off, "web is on app with the alias api")).toMatchObject({ ok: false, message: "web is not on app: it is on other" });

    const bare = judgeAll(text, world([container("web", { endpoints: { app: endpoint(app.id, { aliases: ["web0123456"] }) } })], [app]));
    expect(must(bare, "web is on app")).toMatchObject({ ok: true });
    expect(must(bare, "web is on app with the alias api")).toMatchObject({
      ok: false,
      message: "web is on app without the alias api: its aliases there are none",
    });

    // A network that is not there: the fact is not judged (its own "exists" fact fails).
    expect(must(judgeAll(text, world([container("web")], [])), "web is on app")).toMatchObject({
      skipped: true,
      message: "not checked: network app does not exist",
    });
  });

  it("networks by list, and with an address: the endpoint on the bound network (by id, whatever its real name)", () => {
    const text = `name: addr\nnetworks:\n  app: { subnet: 10.9.0.0/24 }\ncontainers:\n  web:\n    image: busybox\n    networks:\n      app: { ipv4_address: 10.9.0.5 }\n  db:\n    image: busybox\n    networks: [app]\n`;
    const app = network("shop_app", { id: engineRef("id-app") });
    const w = (ip: string) =>
      world(
        [container("web", { endpoints: { shop_app: endpoint(app.id, { ipv4: ip }) } }), container("db", { endpoints: { shop_app: endpoint(app.id) } })],
        [app],
        { shop_app: "app" },
      );
    expect(must(judgeAll(text, w("10.9.0.5")), "web has the address 10.9.0.5 on app")).toMatchObject({ ok: true });
    expect(must(judgeAll(text, w("10.9.0.5")), "db is on app")).toMatchObject({ ok: true, line: lineWith(text, "networks: [app]") });
    expect(must(judgeAll(text, w("10.9.0.7")), "web has the address 10.9.0.5 on app")).toMatchObject({
      ok: false,
      message: "web has the address 10.9.0.7 on app, not 10.9.0.5",
    });
  });

  it("ports: published on the declared host port and address; on another address; another port; not at all", () => {
    const text = `name: ports\ncontainers:\n  db:\n    image: busybox\n    ports: ["127.0.0.1:5432:5432"]\n  web:\n    image: busybox\n    ports: ["8080:80"]\n`;
    const w = (db: ContainerInfo["ports"], web: ContainerInfo["ports"]) =>
      judgeAll(text, world([container("db", { ports: db }), container("web", { ports: web })], []));
    const good = w({ "5432/tcp": [{ hostIp: "127.0.0.1", hostPort: "5432" }] }, { "80/tcp": [{ hostIp: "0.0.0.0", hostPort: "8080" }] });
    expect(must(good, "db publishes 5432/tcp on 127.0.0.1:5432")).toMatchObject({ ok: true, line: lineWith(text, "5432:5432") });
    expect(must(good, "web publishes 80/tcp on host port 8080")).toMatchObject({ ok: true });

    const wrong = w({ "5432/tcp": [{ hostIp: "0.0.0.0", hostPort: "5432" }] }, { "80/tcp": [{ hostIp: "0.0.0.0", hostPort: "8081" }] });
    expect(must(wrong, "db publishes 5432/tcp on 127.0.0.1:5432")).toMatchObject({
      ok: false,
      message: "db publishes 5432/tcp on 0.0.0.0:5432, not on 127.0.0.1:5432",
    });
    expect(must(wrong, "web publishes 80/tcp on host port 8080")).toMatchObject({
      ok: false,
      message: "web publishes 80/tcp on 0.0.0.0:8081, not on host port 8080",
    });
    expect(must(w({}, {}), "db publishes 5432/tcp on 127.0.0.1:5432")).toMatchObject({ ok: false, message: "db does not publish 5432/tcp" });
  });

  it("network mode: none, host, container:X and the default bridge, each matching and not", () => {
    const text = `name: modes\ncontainers:\n  sealed: { image: busybox, network_mode: none }\n  hosty: { image: busybox, network_mode: host }\n  side: { image: busybox, network_mode: "container:web" }\n  web: { image: busybox, network_mode: bridge }\n`;
    const web = container("web", { endpoints: { bridge: endpoint("id-bridge") } });
    const good = judgeAll(
      text,
      world(
        [
          container("sealed", { networkMode: "none" }),
          container("hosty", { networkMode: "host" }),
          container("side", { networkMode: `container:${web.id}` }),
          web,
        ],
        [],
      ),
    );
    expect(must(good, "sealed has the network mode none")).toMatchObject({ ok: true, line: 3 });
    expect(must(good, "hosty has the network mode host")).toMatchObject({ ok: true });
    expect(must(good, "side shares the network namespace of web")).toMatchObject({ ok: true });
    expect(must(good, "web is on the default bridge")).toMatchObject({ ok: true });

    const app = network("app");
    const bad = judgeAll(
      text,
      world(
        [
          container("sealed", { networkMode: "bridge", endpoints: { bridge: endpoint("id-bridge") } }),
          container("hosty", { networkMode: "none" }),
          container("side", { networkMode: "bridge" }),
          container("web", { networkMode: "app", endpoints: { app: endpoint(app.id) } }),
        ],
        [app],
      ),
    );
    expect(must(bad, "sealed has the network mode none")).toMatchObject({ ok: false, message: "sealed has the network mode bridge, not none" });
    expect(must(bad, "hosty has the network mode host")).toMatchObject({ ok: false, message: "hosty has the network mode none, not host" });
    expect(must(bad, "side shares the network namespace of web")).toMatchObject({ ok: false, message: "side has the network mode bridge, not container:web" });
    expect(must(bad, "web is on the default bridge")).toMatchObject({ ok: false, message: "web is not on the default bridge: it is on app" });
  });

  it("links: a legacy link on the default bridge, or an endpoint link on a network; none", () => {
    const text = `name: links\ncontainers:\n  db: { image: busybox }\n  web:\n    image: busybox\n    links: ["db:dbhost"]\n`;
    const db = container("db");
    const title = "web links db as dbhost";
    expect(must(judgeAll(text, world([db, container("web", { links: ["/db:/web/dbhost"] })], [])), title)).toMatchObject({
      ok: true,
      line: lineWith(text, "db:dbhost"),
    });
    expect(must(judgeAll(text, world([db, container("web", { endpoints: { app: endpoint("id-app", { links: ["db:dbhost"] }) } })], [])), title)).toMatchObject({
      ok: true,
    });
    expect(must(judgeAll(text, world([db, container("web", { links: ["/db:/web/db"] })], [])), title)).toMatchObject({
      ok: false,
      message: "web has no link to db as dbhost: its links are /db:/web/db",
    });
    expect(must(judgeAll(text, world([db, container("web")], [])), title)).toMatchObject({
      ok: false,
      message: "web has no link to db as dbhost: its links are none",
    });
  });

  it("a network's internal, subnet, gateway and driver, each matching and not", () => {
    const text = `name: nets\nnetworks:\n  back:\n    internal: true\n    subnet: 10.77.0.0/24\n    gateway: 10.77.0.1\n    driver: bridge\n  front:\n    internal: false\n`;
    const good = judgeAll(
      text,
      world([], [network("back", { internal: true, subnets: [{ subnet: "10.77.0.0/24", gateway: "10.77.0.1" }] }), network("front", { internal: false })]),
    );
    expect(must(good, "back is internal")).toMatchObject({ ok: true, line: lineWith(text, "internal: true") });
    expect(must(good, "back has the subnet 10.77.0.0/24")).toMatchObject({ ok: true, line: lineWith(text, "subnet:") });
    expect(must(good, "back has the gateway 10.77.0.1")).toMatchObject({ ok: true, line: lineWith(text, "gateway:") });
    expect(must(good, "back has the driver bridge")).toMatchObject({ ok: true });
    expect(must(good, "front is not internal")).toMatchObject({ ok: true });

    const bad = judgeAll(
      text,
      world(
        [],
        [
          network("back", { internal: false, driver: "macvlan", subnets: [{ subnet: "10.78.0.0/24", gateway: "10.78.0.1" }] }),
          network("front", { internal: true }),
        ],
      ),
    );
    expect(must(bad, "back is internal")).toMatchObject({ ok: false, message: "back is not internal" });
    expect(must(bad, "back has the subnet 10.77.0.0/24")).toMatchObject({ ok: false, message: "back has the subnets 10.78.0.0/24, not 10.77.0.0/24" });
    expect(must(bad, "back has the gateway 10.77.0.1")).toMatchObject({ ok: false, message: "back has the gateways 10.78.0.1, not 10.77.0.1" });
    expect(must(bad, "back has the driver bridge")).toMatchObject({ ok: false, message: "back has the driver macvlan, not bridge" });
    expect(must(bad, "front is not internal")).toMatchObject({ ok: false, message: "front is internal" });
    expect(must(judgeAll(text, world([], [])), "back is internal")).toMatchObject({ skipped: true, message: "not checked: network back does not exist" });
  });
});
