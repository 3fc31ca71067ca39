import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ScenarioResult } from "../src/report/events.js";
import { jsonReporter } from "../src/report/json-reporter.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

async function jsonOf(results: ScenarioResult[], planned: { name: string; steps: string[] }[] = []): Promise<Record<string, unknown>> {
  let out = "";
  const stream = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  let t = Date.parse("2030-01-02T03:04:05.000Z");
  const reporter = jsonReporter({ stream }, () => new Date((t += 1000)));
  for (const e of runEvents(results, planned)) reporter.onEvent(e);
  await reporter.close();
  expect(out.endsWith("}\n")).toBe(true);
  return JSON.parse(out) as Record<string, unknown>;
}

const FULL = scenarioResult({
  name: "dns",
  status: "failed",
  description: "Names",
  tags: ["dns"],
  error: { code: "E_ABORTED", message: "the scenario ran past its timeout of 2s" },
  steps: [
    step({ index: 0, name: "web finds db", durationMs: 12.4, evidence: { answer: "172.20.0.3" }, subjects: ["web", "db"] }),
    step({
      index: 1,
      name: "web finds cache",
      status: "failed",
      hint: "Same network?",
      message: "the scenario ran past its timeout of 2s during this step",
      durationMs: 2000.7,
      subjects: ["web"],
    }),
  ],
  resources: [
    { kind: "network", name: "app", real: "lab-abc123-dns-app" },
    { kind: "container", name: "web", real: "lab-abc123-dns-web" },
    { kind: "container", name: "web-probe1", real: "lab-abc123-dns-web-probe1" },
  ],
  timings: { totalMs: 2500.5, provisionMs: 400, stepsMs: 2012, teardownMs: 88.2, engineMs: 300.4, engineCalls: 17 },
  teardown: { removed: 3, failures: [] },
  diagnostics: { "container web": "running\n(no log output)" },
});

describe("the json reporter", () => {
  it("writes the full result as data: scenarios, steps, timings, evidence, real names", async () => {
    const doc = await jsonOf([FULL]);
    expect(doc).toMatchObject({
      format: "lab-report",
      version: 1,
      runId: "abc123",
      startedAt: "2030-01-02T03:04:06.000Z",
      finishedAt: "2030-01-02T03:04:08.000Z",
    });
    expect(doc.summary).toEqual({
      runId: "abc123",
      scenarios: { passed: 0, failed: 1, skipped: 0 },
      steps: { passed: 1, failed: 1, skipped: 0 },
      durationMs: 4321,
      exitCode: 1,
    });
    const [s] = doc.scenarios as Record<string, unknown>[];
    expect(s).toMatchObject({
      name: "dns",
      status: "failed",
      startedAt: "2030-01-02T03:04:07.000Z",
      error: FULL.error,
      resources: FULL.resources,
      diagnostics: FULL.diagnostics,
      kept: false,
    });
    expect(s!.timings).toEqual({ totalMs: 2501, provisionMs: 400, stepsMs: 2012, teardownMs: 88, engineMs: 300, engineCalls: 17 });
    expect((s!.steps as Record<string, unknown>[]).map((x) => [x.name, x.status, x.durationMs, x.evidence])).toEqual([
      ["web finds db", "passed", 12, { answer: "172.20.0.3" }],
      ["web finds cache", "failed", 2001, {}],
    ]);
  });

  it("lists scenarios that never started as skipped, in the run's order", async () => {
    const doc = await jsonOf([FULL], [{ name: "later", steps: ["one"] }]);
    expect((doc.scenarios as { name: string }[]).map((s) => s.name)).toEqual(["dns", "later"]);
    expect((doc.scenarios as unknown[])[1]).toEqual({
      name: "later",
      file: "scenarios/later.yaml",
      description: "",
      tags: [],
      runId: "abc123",
      status: "skipped",
      steps: [{ index: 0, name: "one", status: "skipped", message: "not run" }],
    });
  });

  it("has every field documented in docs/reports.md", async () => {
    const docs = await readFile(join(import.meta.dirname, "../docs/reports.md"), "utf8");
    const doc = await jsonOf([FULL], [{ name: "later", steps: ["one"] }]);
    const keys = new Set<string>();
    const walk = (value: unknown, parent: string): void => {
      // evidence and diagnostics are maps whose keys are data, not fields.
      if (parent === "evidence" || parent === "diagnostics") return;
      if (Array.isArray(value)) return value.forEach((v) => walk(v, parent));
      if (value && typeof value === "object")
        for (const [k, v] of Object.entries(value)) {
          keys.add(k);
          walk(v, k);
        }
    };
    walk(doc, "");
    expect(keys.size).toBeGreaterThan(30);
    const missing = [...keys].filter((k) => !docs.includes(`\`${k}\``) && !docs.includes(`.${k}\``));
    expect(missing).toEqual([]);
  });
});
