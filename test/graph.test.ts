import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { dotOf } from "../src/graph/dot.js";
import { labsPictures, PICTURES_END, PICTURES_START } from "../src/graph/labs-doc.js";
import { mermaidOf } from "../src/graph/mermaid.js";
import { svgOf } from "../src/graph/svg.js";
import { topologyOf, type Topology } from "../src/graph/topology.js";
import { topologyLine } from "../src/graph/topology-line.js";
import { loadScenarios, parseScenario } from "../src/scenario/load-scenario.js";

const topo = (yaml: string): Topology => {
  const { scenario, diagnostics } = parseScenario("t.yaml", yaml);
  expect(diagnostics).toEqual([]);
  return topologyOf(scenario!);
};

const WORLD = readFileSync("test/fixtures/valid/graph-world.yaml", "utf8");

describe("topologyOf", () => {
  const t = topo(WORLD);
  it("keeps networks, the default bridge, aliases, addresses, modes, ports and links", () => {
    expect(t.networks.map((n) => [n.name, n.internal, n.defaultBridge])).toEqual([
      ["app", false, false],
      ["back", true, false],
      ["bridge", false, true],
    ]);
    const db = t.containers.find((c) => c.name === "db")!;
    expect(db.attachments).toEqual([
      { network: "app", aliases: ["database"] },
      { network: "back", aliases: [], ip: "10.77.0.5" },
    ]);
    expect(t.containers.map((c) => [c.name, c.mode])).toEqual([
      ["db", "networks"],
      ["web", "networks"],
      ["old", "bridge"],
      ["lone", "bridge"],
      ["hostnet", "host"],
      ["sealed", "none"],
      ["side", "container"],
    ]);
    expect(t.containers.find((c) => c.name === "side")!.shares).toBe("web");
    expect(t.containers.find((c) => c.name === "web")!.ports.map((p) => p.label)).toEqual(["127.0.0.1:18080 → 80", "0.0.0.0:(any) → 53/udp"]);
    expect(t.links).toEqual([{ from: "old", to: "lone", alias: "legacy-db" }]);
    expect(t.host).toBe(true);
  });
  it("turns network probes into arrows to the container their target names", () => {
    expect(t.arrows.map((a) => [a.step, a.from, a.to, a.label])).toEqual([
      [0, "web", "db", "database"],
      [1, "old", "lone", "legacy-db:5432"],
      [2, "host", "web", "http://127.0.0.1:18080/"],
      [3, "web", "db", "ip_of db"],
      [4, "web", undefined, "nowhere"],
      [5, "sealed", "sealed", "127.0.0.1:7"],
    ]);
  });
  it("points the host's loopback at the host itself when no container publishes that port", async () => {
    const { scenarios } = await loadScenarios(["scenarios/host-and-none.yaml"]);
    expect(topologyOf(scenarios[0]!).arrows[0]).toEqual({ step: 0, kind: "http", from: "host", to: "host", label: "http://127.0.0.1:18190/" });
  });
});

describe("pictures", () => {
  const t = topo(WORLD);
  it("mermaid: one node per network and container, attachments with aliases, links and ports", () => {
    const m = mermaidOf(t);
    expect(m.startsWith("flowchart LR\n")).toBe(true);
    expect(m).toContain(`c0 ---|"database"| n0`);
    expect(m).toContain(`c0 ---|"10.77.0.5"| n1`);
    expect(m).toContain(`host -->|"127.0.0.1:18080 → 80"| c1`);
    expect(m).toContain(`c2 -.->|"link: legacy-db"| c3`);
    expect(m).toContain(`c4 ===|"host's network stack"| host`);
    expect(m).toContain(`c6 -.-|"shares its network"| c1`);
    expect(m).toContain(`c5["sealed<br/>network: none"]`);
    expect(m).toContain("class n1 internal");
  });
  it("mermaid escapes quotes and markup in labels", () => {
    const m = mermaidOf({ ...t, networks: [{ name: 'a"<b>', defaultBridge: false, internal: false, driver: "bridge" }], containers: [] });
    expect(m).toContain(`n0{{"a#quot;#lt;b#gt;<br/>network"}}`);
  });
  it("dot: quoted ids, hexagon networks, dashed links", () => {
    const d = dotOf(t);
    expect(d).toMatch(/^digraph "world" \{/);
    expect(d).toContain(`"ctr:old" -> "ctr:lone" [dir=forward, style=dashed, label="link: legacy-db"];`);
    expect(d).toContain(`"net:back" [shape=hexagon, label="back\\ninternal network 10.77.0.0/24"`);
  });
  it("svg: well-formed, one element per container, network, attachment, port and link; no arrows unless asked", () => {
    const s = svgOf(t);
    expect(XMLValidator.validate(s)).toBe(true);
    expect(s.match(/class="container/g)).toHaveLength(7);
    expect(s.match(/class="network/g)).toHaveLength(3);
    expect(s.match(/class="attachment"/g)).toHaveLength(5);
    expect(s.match(/class="port"/g)).toHaveLength(2);
    expect(s.match(/class="link"/g)).toHaveLength(1);
    expect(s).not.toContain('class="arrow');
    expect(svgOf(t)).toBe(s);
  });
  it("svg with results: one arrow per probe step, coloured by status, unknown names as ghosts", () => {
    const s = svgOf(t, {
      arrows: new Map([
        [0, "passed"],
        [4, "failed"],
        [5, "skipped"],
      ]),
    });
    expect(XMLValidator.validate(s)).toBe(true);
    expect(s).toContain('class="arrow passed" data-step="0" data-kind="resolve" data-from="web" data-to="db"');
    expect(s).toContain('class="arrow failed" data-step="4" data-kind="resolve" data-from="web" data-to="nowhere"');
    expect(s).toContain('class="arrow skipped" data-step="5"');
    expect(s.match(/class="ghost"/g)).toHaveLength(1);
  });
});

describe("every shipped lab", () => {
  it("draws as well-formed SVG, with and without its probes, one box per container and one lane per network", async () => {
    const { scenarios } = await loadScenarios(["scenarios/"]);
    expect(scenarios.length).toBeGreaterThan(10);
    for (const s of scenarios) {
      const t = topologyOf(s);
      const all = new Map(s.steps.map((st) => [st.index, "failed" as const]));
      for (const svg of [svgOf(t), svgOf(t, { arrows: all })]) {
        expect(XMLValidator.validate(svg), s.name).toBe(true);
        expect((svg.match(/<g class="container/g) ?? []).length, s.name).toBe(s.containers.length);
        expect((svg.match(/<g class="network/g) ?? []).length, s.name).toBe(t.networks.length);
      }
      expect((svgOf(t, { arrows: all }).match(/<g class="arrow failed"/g) ?? []).length, s.name).toBe(t.arrows.length);
    }
  });
});

describe("docs/labs.md", () => {
  it("has the current picture of every shipped lab (npm run docs:labs rewrites them)", async () => {
    const { scenarios, diagnostics } = await loadScenarios(["scenarios/"]);
    expect(diagnostics).toEqual([]);
    const doc = await readFile("docs/labs.md", "utf8");
    const start = doc.indexOf(PICTURES_START);
    const section = doc.slice(start, doc.indexOf(PICTURES_END) + PICTURES_END.length);
    expect(start, "docs/labs.md has no pictures section; run npm run docs:labs").toBeGreaterThan(0);
    expect(section, "docs/labs.md's pictures are stale; run npm run docs:labs").toBe(labsPictures(scenarios));
    for (const s of scenarios) expect(section).toContain(`### ${s.name}\n`);
  });
});

describe("topologyLine (lab list)", () => {
  it("spells every network with members and aliases, the modes, links and ports in one line", () => {
    expect(topologyLine(topo(WORLD))).toBe(
      "app: db(database) web · back (internal): db · bridge: old lone · host: hostnet · none: sealed · container: side→web · links: old→lone as legacy-db · ports: web 127.0.0.1:18080→80 web 0.0.0.0:(any)→53/udp",
    );
  });
  it("reads like the example of the issue for the dns lab", async () => {
    const { scenarios } = await loadScenarios(["scenarios/dns.yaml"]);
    expect(topologyLine(topologyOf(scenarios[0]!))).toBe("app: db(database) web · bridge: legacy neighbour");
  });
  it("says so when a network has no member, or there is nothing at all", () => {
    expect(topologyLine(topo("version: 1\nname: x\nnetworks: { lan: {} }\ncontainers: {}\nsteps: []\n"))).toBe("lan: (empty)");
    expect(topologyLine(topo("version: 1\nname: x\nsteps: []\n"))).toBe("(no containers)");
  });
});
