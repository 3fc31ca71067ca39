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

describe("reach matrices", () => {
  const REACH = `name: reachy
networks: { front: {}, back: { internal: true } }
containers:
  web: { image: busybox, networks: [front, back] }
  db: { image: busybox, networks: { back: { aliases: [database] } } }
  client: { image: busybox, networks: [front] }
steps:
  - resolve: { from: client, name: web }
  - reach:
      port: 80
      to: [web, database, { ip_of: db }, nowhere]
      from:
        client: yes timeout  .   nxdomain
        web:    .   yes      yes no
`;
  const t = topo(REACH);
  const reachArrows = t.arrows.filter((a) => a.kind === "reach");

  it("topologyOf: one arrow per checked cell, from the row's source to the container the column names; `.` cells are not drawn", () => {
    expect(reachArrows.map((a) => [a.step, a.from, a.to, a.label, a.cell])).toEqual([
      [1, "client", "web", "web:80", { row: 0, col: 0, expected: "yes" }],
      [1, "client", "db", "database:80", { row: 0, col: 1, expected: "timeout" }],
      [1, "client", undefined, "nowhere:80", { row: 0, col: 3, expected: "nxdomain" }],
      [1, "web", "db", "database:80", { row: 1, col: 1, expected: "yes" }],
      [1, "web", "db", "ip_of db:80", { row: 1, col: 2, expected: "yes" }],
      [1, "web", undefined, "nowhere:80", { row: 1, col: 3, expected: "no" }],
    ]);
    const ping = topo(REACH.replace("port: 80", "ping: true")).arrows.filter((a) => a.kind === "reach");
    expect(ping.map((a) => a.label)).toEqual(["web", "database", "nowhere", "database", "ip_of db", "nowhere"]);
  });

  it("svg without results (lab graph): the matrix as declared, reaches in blue and must-not in dashed grey; other probes are not drawn", () => {
    const s = svgOf(t);
    expect(XMLValidator.validate(s)).toBe(true);
    expect(s.match(/<g class="arrow /g)).toHaveLength(6);
    expect(s.match(/<g class="arrow reaches"/g)).toHaveLength(3);
    expect(s.match(/<g class="arrow blocked"/g)).toHaveLength(3);
    expect(s).toContain('<g class="arrow reaches" data-step="1" data-kind="reach" data-from="client" data-to="web" data-cell="0:0" data-expected="yes">');
    expect(s).toContain('<g class="arrow blocked" data-step="1" data-kind="reach" data-from="client" data-to="db" data-cell="0:1" data-expected="timeout">');
    expect(s).not.toContain('data-kind="resolve"');
    expect(s.match(/class="ghost"/g)).toHaveLength(1);
  });

  it("svg with results (the report): each cell's arrow in its own cell's colour, the other probes in their step's", () => {
    const s = svgOf(t, {
      arrows: new Map([
        [0, "passed"],
        [1, "failed"],
      ]),
      cells: new Map([
        ["1:0:0", "passed"],
        ["1:0:1", "failed"],
        ["1:0:3", "passed"],
        ["1:1:1", "passed"],
        ["1:1:2", "passed"],
        ["1:1:3", "passed"],
      ]),
    });
    expect(XMLValidator.validate(s)).toBe(true);
    expect(s).toContain('class="arrow passed" data-step="0" data-kind="resolve"');
    expect(s.match(/<g class="arrow passed" data-step="1"/g)).toHaveLength(5);
    expect(s.match(/<g class="arrow failed" data-step="1"/g)).toHaveLength(1);
    expect(s).toContain('<g class="arrow failed" data-step="1" data-kind="reach" data-from="client" data-to="db" data-cell="0:1"');
    // A cell without a result of its own (the step was cut off) takes its step's.
    const cut = svgOf(t, { arrows: new Map([[1, "skipped"]]) });
    expect(cut.match(/<g class="arrow skipped" data-step="1"/g)).toHaveLength(6);
  });

  it("mermaid and dot: a labelled arrow per checked cell, thick or blue where it must reach, crossed or a grey tee where it must not", () => {
    const m = mermaidOf(t);
    expect(m).toContain(`c2 ==>|"2: web:80 yes"| c0`);
    expect(m).toContain(`c2 --x|"2: database:80 timeout"| c1`);
    expect(m).toContain(`c0 ==>|"2: ip_of db:80 yes"| c1`);
    expect(m).toContain(`g0["nowhere<br/>not in the scenario"]`);
    expect(m).toContain(`c0 --x|"2: nowhere:80 no"| g0`);
    expect(m.match(/==>|--x/g)).toHaveLength(6);
    const d = dotOf(t);
    expect(d).toContain(`"ctr:client" -> "ctr:web" [dir=forward, color="#1565c0", label="2: web:80 yes"];`);
    expect(d).toContain(`"ctr:client" -> "ctr:db" [dir=forward, color="#757575", style=dashed, arrowhead=tee, label="2: database:80 timeout"];`);
    expect(d).toContain(`"ghost:nowhere" [shape=box`);
    expect(d.match(/label="2: /g)).toHaveLength(6);
  });
});
