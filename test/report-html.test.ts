import { describe, expect, it } from "vitest";
import { topologyOf } from "../src/graph/topology.js";
import { htmlReport } from "../src/report/html-reporter.js";
import { RunRecorder } from "../src/report/run-record.js";
import { jsonReport } from "../src/report/json-reporter.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

const { scenario } = parseScenario(
  "t.yaml",
  `version: 1
name: web
networks: { app: {} }
containers:
  db: { image: busybox, networks: { app: { aliases: [database] } } }
  web: { image: busybox, networks: [app] }
steps:
  - resolve: { from: web, name: database }
  - tcp: { from: web, host: db, port: 5432 }
`,
);
const topology = topologyOf(scenario!);

function record(results: ReturnType<typeof scenarioResult>[], planned: { name: string; steps: string[] }[] = []) {
  const recorder = new RunRecorder(() => new Date("2026-01-01T00:00:00Z"));
  for (const e of runEvents(results, planned)) {
    if (e.type === "run-start") for (const s of e.scenarios) if (s.name === "web" || s.name === "later") Object.assign(s, { topology });
    recorder.onEvent(e);
  }
  return recorder.record();
}

describe("html report", () => {
  const failed = scenarioResult({
    name: "web",
    status: "failed",
    steps: [
      step({ index: 0, name: "web resolves database", hint: "aliases <answer>" }),
      step({ index: 1, name: "web connects to db:5432", kind: "tcp", status: "failed", message: "refused <&>", evidence: { output: "nc: <refused>" } }),
    ],
    diagnostics: { "container db": "running" },
  });

  it("draws each probe as an arrow coloured by its step, and escapes what the run said", () => {
    const html = htmlReport(record([failed]));
    expect(html).toContain('class="arrow passed" data-step="0" data-kind="resolve" data-from="web" data-to="db"');
    expect(html).toContain('class="arrow failed" data-step="1" data-kind="tcp" data-from="web" data-to="db"');
    expect(html).toContain("refused &lt;&amp;&gt;");
    expect(html).toContain("<pre>nc: &lt;refused&gt;</pre>");
    expect(html).toContain("hint: aliases &lt;answer&gt;");
    expect(html).toContain("container db: running");
    expect(html).not.toContain("<refused>");
  });

  it("shows a scenario that never started with its world and grey arrows", () => {
    const html = htmlReport(record([failed], [{ name: "later", steps: ["web resolves database", "web connects to db:5432"] }]));
    const later = html.slice(html.indexOf('data-scenario="later"'));
    expect(later).toContain('data-status="skipped"');
    expect(later.match(/class="arrow skipped"/g)).toHaveLength(2);
  });

  it("keeps the topology out of the JSON report", () => {
    const r = record([failed]);
    expect(Object.keys(r.topologies ?? {})).toEqual(["web"]);
    expect(jsonReport(r)).not.toContain("topolog");
  });
});
