import { describe, expect, it } from "vitest";
import { buildPlan } from "../src/plan/build-plan.js";
import { parseScenario } from "../src/scenario/load-scenario.js";

const scenario = (yaml: string) => {
  const { scenario, diagnostics } = parseScenario("t.yaml", yaml);
  expect(diagnostics).toEqual([]);
  return scenario!;
};

const WORLD = `
name: naming
networks: { app: {}, back: {} }
containers:
  db: { image: busybox, networks: { app: { aliases: [database] }, back: {} } }
  web: { image: busybox, networks: [app], ports: ["127.0.0.1:8080:80/udp", "90"] }
  legacy: { image: busybox, links: ["side:sidekick"] }
  side: { image: busybox }
  shadow: { image: busybox, network_mode: "container:web" }
  sealed: { image: busybox, network_mode: none, start: false }
steps:
  - resolve: { from: web, name: db }
  - tcp: { from: host, host: 127.0.0.1, port: 8080 }
`;

describe("buildPlan", () => {
  const plan = buildPlan(scenario(WORLD), { runId: "abc123", probeImage: "busybox" });
  const c = (name: string) => plan.containers.find((x) => x.name === name)!;

  it("gives every resource a unique per-run name and the lab labels", () => {
    expect(c("db").create.name).toBe("lab-abc123-naming--db");
    expect(plan.networks.map((n) => n.create.name)).toEqual(["lab-abc123-naming--app", "lab-abc123-naming--back"]);
    expect(c("db").create.labels).toMatchObject({ "io.lab.run": "abc123", "io.lab.scenario": "naming", "io.lab.name": "db" });
    expect(plan.networks[0]!.create.labels).toMatchObject({ "io.lab.run": "abc123", "io.lab.name": "app" });
  });

  it("keeps the scenario names working: alias on every user network, hostname, real link targets", () => {
    expect(c("db").create.networks).toEqual([
      { network: "lab-abc123-naming--app", aliases: ["db", "database"], ipv4Address: undefined },
      { network: "lab-abc123-naming--back", aliases: ["db"], ipv4Address: undefined },
    ]);
    expect(c("db").create.networkMode).toBe("lab-abc123-naming--app");
    expect(c("db").create.hostname).toBe("db");
    expect(c("legacy").create.links).toEqual(["lab-abc123-naming--side:sidekick"]);
    expect(c("legacy").create.networkMode).toBe("bridge");
  });

  it("puts a link on a user network on each of the linker's endpoints, not in HostConfig.Links", () => {
    const linked = buildPlan(
      scenario(`
name: naming
networks: { app: {}, back: {} }
containers:
  first: { image: busybox, networks: [app] }
  linker: { image: busybox, networks: [app, back], links: ["first:foo", first] }
`),
      { runId: "abc123", probeImage: "busybox" },
    ).containers.find((x) => x.name === "linker")!;
    const links = ["lab-abc123-naming--first:foo", "lab-abc123-naming--first:first"];
    expect(linked.create.links).toEqual([]);
    expect(linked.create.networks.map((n) => n.links)).toEqual([links, links]);
    expect(linked.after).toEqual(["first"]);
  });

  it("shares namespaces by real name, without a hostname, and orders dependents after their targets", () => {
    expect(c("shadow").create.networkMode).toBe("container:lab-abc123-naming--web");
    expect(c("shadow").create.hostname).toBeUndefined();
    expect(c("shadow").after).toEqual(["web"]);
    expect(c("legacy").after).toEqual(["side"]);
    expect(c("web").after).toEqual([]);
  });

  it("expands ports and start flags", () => {
    expect(c("web").create.ports).toEqual([
      { container: 80, host: 8080, protocol: "udp", hostIp: "127.0.0.1" },
      { container: 90, host: undefined, protocol: "tcp", hostIp: undefined },
    ]);
    expect(c("sealed").start).toBe(false);
    expect(c("sealed").create.networkMode).toBe("none");
  });

  it("marks the containers probes run in, and needs the probe image only then", () => {
    expect(plan.containers.filter((x) => x.probed).map((x) => x.name)).toEqual(["web"]);
    expect(plan.images.map((i) => i.ref)).toEqual(["busybox"]);
    const noProbe = buildPlan(scenario("name: quiet\ncontainers: { a: { image: redis } }\nsteps: [ { start: a } ]"), { runId: "x", probeImage: "prober" });
    expect(noProbe.images.map((i) => i.ref)).toEqual(["redis"]);
  });

  it("names steps from their kind and arguments unless named", () => {
    expect(plan.steps.map((s) => s.title)).toEqual(["web resolves db", "host connects to 127.0.0.1:8080"]);
  });
});
