import { describe, expect, it } from "vitest";
import type { PlannedStep } from "../src/plan/plan.js";
import { reasonInText, toolReason } from "../src/probes/failure-reason.js";
import { cellHolds, matrixGrid } from "../src/probes/matrix-result.js";
import { matrixTable } from "../src/report/matrix-html.js";
import { engineRef } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { runStep } from "../src/steps/run-step.js";
import type { ExecResult, StepContext, World } from "../src/steps/step-kind.js";
import { fakeClock } from "./support/fake-runtime.js";

// What Debian's static busybox said on Engine 20.10 (docs/scenario-format.md, "Failure reasons").
const SAID = {
  refused: { exitCode: 1, stdout: "", stderr: "nc: can't connect to remote host (172.18.0.2): Connection refused" },
  timeout: { exitCode: 1, stdout: "", stderr: "nc: timed out" },
  nxdomain: { exitCode: 1, stdout: "", stderr: "nc: bad address 'nosuchname'" },
  unreachable: { exitCode: 1, stdout: "", stderr: "nc: can't connect to remote host (172.18.0.2): Network is unreachable" },
  open: { exitCode: 0, stdout: "", stderr: "" },
} satisfies Record<string, ExecResult>;

describe("failure reasons", () => {
  it("classifies the words of busybox nc, ping, wget and nslookup", () => {
    expect(reasonInText("nc: can't connect to remote host (172.18.0.2): Connection refused")).toBe("refused");
    expect(reasonInText("wget: can't connect to remote host (172.18.0.2): Connection refused")).toBe("refused");
    expect(reasonInText("nc: timed out")).toBe("timeout");
    expect(reasonInText("1 packets transmitted, 0 packets received, 100% packet loss")).toBe("timeout");
    expect(reasonInText(";; connection timed out; no servers could be reached")).toBe("timeout");
    expect(reasonInText("ping: bad address 'nosuchname'")).toBe("nxdomain");
    expect(reasonInText("** server can't find nosuchname: NXDOMAIN")).toBe("nxdomain");
    expect(reasonInText("PING 172.18.0.2 (172.18.0.2): 56 data bytes\nping: sendto: Network is unreachable")).toBe("unreachable");
    expect(reasonInText("nc: can't connect to remote host (172.18.0.99): No route to host")).toBe("unreachable");
    expect(reasonInText("ECONNREFUSED")).toBe("refused");
    expect(reasonInText("ENOTFOUND")).toBe("nxdomain");
    expect(reasonInText("something else")).toBeUndefined();
  });

  it("reads a tool that `timeout` ended (exit 143, no words) as a timeout, and nothing else without words", () => {
    expect(toolReason(143, "")).toBe("timeout");
    expect(toolReason(1, "")).toBeUndefined();
    expect(toolReason(143, "wget: bad address 'x'")).toBe("nxdomain");
  });
});

/** A world whose namespaces answer per (source, target) as scripted. */
function world(answers: Record<string, ExecResult | Error>, calls: string[] = [], stopped = ""): World {
  return {
    engineIsRemote: false,
    container: (n) => engineRef(n),
    network: (n) => engineRef(n),
    aliasesOf: (n) => [n],
    namespaceChanged: () => undefined,
    addressesOf: async (n) => [`ip-${n}`],
    addressFor: async (n) => (n === stopped ? undefined : `ip-${n}`),
    inNamespace: async (from, argv) => {
      const target = argv.at(-2) === "lab-tcp" || argv.at(-2) === "lab-ping" ? argv.at(-1)! : argv.at(-2)!;
      calls.push(`${from}>${target}`);
      const a = answers[`${from}>${target}`] ?? SAID.open;
      if (a instanceof Error) throw a;
      return a;
    },
  };
}

const ctx = (w: World): StepContext => ({ runtime: undefined as never, world: w, signal: new AbortController().signal });
const hooks = () => ({ clock: fakeClock(), onRetry: () => undefined });

const HEAD = `version: 1
name: m
networks: { a: {}, b: {} }
containers:
  web: { image: busybox, networks: [a] }
  db: { image: busybox, networks: [a, b] }
  cache: { image: busybox, networks: [b] }
  box: { image: busybox, network_mode: none }
steps:
`;

function load(steps: string) {
  return parseScenario("m.yaml", HEAD + steps);
}

function planned(steps: string): PlannedStep {
  const { scenario, diagnostics } = load(steps);
  expect(diagnostics).toEqual([]);
  const step = scenario!.steps[0]!;
  return { title: step.name || "t", step };
}

const MATRIX = `  - reach:
      port: 80
      to:      [web, db, { ip_of: cache }, nosuch]
      from:
        web:   yes  yes  timeout  nxdomain
        box:   .    unreachable  no  .
    timeout: 1s
`;

describe("reach", () => {
  it("reads a header row of targets and one row string per source", () => {
    const { scenario } = load(MATRIX);
    expect(scenario!.steps[0]).toMatchObject({
      kind: "reach",
      args: { port: 80, to: ["web", "db", { ip_of: "cache" }, "nosuch"], from: { web: "yes  yes  timeout  nxdomain" } },
    });
  });

  it("refuses a row with the wrong number of cells, an unknown cell, a matrix without port or ping, and an unknown source, each at its position", () => {
    const bad = load(`  - reach:
      port: 80
      to: [web, db]
      from:
        web: yes
        ghost: yes yes
  - reach: { to: [web], from: { web: yes } }
  - reach: { port: 80, to: [web], from: { web: maybe } }
`);
    const said = bad.diagnostics.map((d) => `${d.line}:${d.code}:${d.message}`);
    expect(said).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^14:E_REACH_ROW:the row of web has 1 cell, but `to:` has 2 targets \(web, db\)/),
        expect.stringMatching(/^15:E_UNKNOWN_CONTAINER:.*ghost/),
        expect.stringMatching(/^16:E_REACH_OVER:/),
        expect.stringMatching(/^17:.*one cell per target/),
      ]),
    );
  });

  it("refuses `reason` without `expect: fail`, and on a kind whose failures have no reason", () => {
    const bad = load(`  - tcp: { from: web, host: db, port: 80 }
    reason: timeout
  - state: { container: web, status: running }
    expect: fail
    reason: timeout
  - tcp: { from: web, host: db, port: 80 }
    expect: fail
    reason: maybe
`);
    const codes = bad.diagnostics.map((d) => d.code);
    expect(codes).toContain("E_REASON_WITHOUT_FAIL");
    expect(codes).toContain("E_REASON_KIND");
    expect(bad.diagnostics.some((d) => d.line === 17 && /must be one of/.test(d.message))).toBe(true);
  });

  it("passes when every cell is as written, probing every checked pair once", async () => {
    const calls: string[] = [];
    const w = world({ "web>ip-cache": SAID.timeout, "web>nosuch": SAID.nxdomain, "box>db": SAID.unreachable, "box>ip-cache": SAID.refused }, calls);
    const r = await runStep(planned(MATRIX), ctx(w), hooks());
    expect(r.status).toBe("passed");
    expect(calls.sort()).toEqual(["box>db", "box>ip-cache", "web>db", "web>ip-cache", "web>nosuch", "web>web"]);
    expect(r.matrix!.rows[1]!.cells.map((c) => c.seen)).toEqual([".", "unreachable", "refused", "."]);
    expect(r.evidence.matrix).toContain("unreachable");
  });

  it("names each wrong cell: the pair, what was expected, what happened and why; the step's reason is the first wrong cell's", async () => {
    const w = world({
      "web>db": SAID.refused,
      "web>ip-cache": SAID.open,
      "web>nosuch": SAID.nxdomain,
      "box>db": SAID.unreachable,
      "box>ip-cache": SAID.timeout,
    });
    const r = await runStep(planned(MATRIX), ctx(w), hooks());
    expect(r.status).toBe("failed");
    expect(r.reason).toBe("refused");
    expect(r.evidence["wrong cells"]!.split("\n")).toEqual([
      expect.stringMatching(/^web → db: expected yes, happened refused: web cannot connect to db:80: .*Connection refused/),
      expect.stringMatching(/^web → cache's IP: expected timeout, happened yes: web connected/),
    ]);
    expect(r.evidence.matrix).toContain("yes→refused ✗");
    const html = matrixTable(r.matrix!);
    expect(html).toContain('class="cell wrong" data-source="web" data-target="db" data-seen="refused" data-expected="yes"');
  });

  it("does not count a probe that could not run as a `no`", async () => {
    const step = planned(`  - reach:
      ping: true
      to: [db, { ip_of: cache }]
      from:
        web: no no
    timeout: 1s
`);
    const r = await runStep(step, ctx(world({ "web>db": new Error("container web is not running") }, [], "cache")), hooks());
    expect(r.status).toBe("failed");
    expect(r.matrix!.rows[0]!.cells.map((c) => c.seen)).toEqual(["no-probe", "no-probe"]);
  });

  it("cellHolds: no matches any network reason, a reason only itself, and no-probe nothing", () => {
    expect(cellHolds("no", "timeout")).toBe(true);
    expect(cellHolds("timeout", "refused")).toBe(false);
    expect(cellHolds("no", "no-probe")).toBe(false);
    expect(cellHolds("yes", "yes")).toBe(true);
    expect(cellHolds(".", "no-probe")).toBe(true);
  });

  it("draws an aligned text grid", () => {
    const grid = matrixGrid({
      over: "tcp 80",
      targets: ["web", "db"],
      rows: [
        {
          source: "cache",
          cells: [
            { expected: "yes", seen: "yes", ok: true, message: "" },
            { expected: "yes", seen: "timeout", ok: false, message: "" },
          ],
        },
      ],
    });
    expect(grid).toBe("       web  db\ncache  yes  yes→timeout ✗");
  });
});

describe("reason on an expect: fail step", () => {
  const step = (reason: string) =>
    planned(`  - tcp: { from: web, host: db, port: 80 }
    expect: fail
    reason: ${reason}
`);

  it("passes when the failure has the required reason, and carries it", async () => {
    const r = await runStep(step("refused"), ctx(world({ "web>db": SAID.refused })), hooks());
    expect(r).toMatchObject({ status: "passed", reason: "refused" });
  });

  it("fails when it failed for another reason, saying both", async () => {
    const r = await runStep(step("refused"), ctx(world({ "web>db": SAID.timeout })), hooks());
    expect(r.status).toBe("failed");
    expect(r.reason).toBe("timeout");
    expect(r.message).toMatch(/^failed as expected, but for the reason "timeout", not "refused": /);
  });

  it("says no-probe when the probe could not run", async () => {
    const r = await runStep(step("timeout"), ctx(world({ "web>db": new Error("no such container") })), hooks());
    expect(r).toMatchObject({ status: "failed", reason: "no-probe" });
  });

  it("a pass step's failure carries its reason too", async () => {
    const r = await runStep(
      planned(`  - tcp: { from: web, host: db, port: 80 }
    timeout: 1s
`),
      ctx(world({ "web>db": SAID.unreachable })),
      hooks(),
    );
    expect(r).toMatchObject({ status: "failed", reason: "unreachable" });
  });
});
