import { spawn } from "node:child_process";
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lab, leftovers, type CliResult } from "./cli.js";

const MANY = join(import.meta.dirname, "../fixtures/many");
const PORT_SCENARIOS = ["many-port-a", "many-port-b"];

interface EngineEvent {
  Action: string;
  timeNano: number;
  Actor: { Attributes: Record<string, string> };
}

/**
 * The engine's own record of lab's containers, streamed live from before the run: the
 * engine keeps only its last 256 events for --since, and other tests share the engine.
 */
function watchEngine(): { until(runId: string): Promise<EngineEvent[]> } {
  // --since replays the moment before the subscription, so no early create is missed.
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const child = spawn("docker", ["events", "--since", since, "--filter", "type=container", "--filter", "label=io.lab.run", "--format", "{{json .}}"], {
    stdio: ["ignore", "pipe", "ignore"],
  });
  let buffer = "";
  const events: EngineEvent[] = [];
  child.stdout.on("data", (d: Buffer) => {
    buffer += d.toString();
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const l of lines) if (l.trim()) events.push(JSON.parse(l) as EngineEvent);
  });
  return {
    async until(runId) {
      const mine = (): EngineEvent[] => events.filter((e) => e.Actor.Attributes["io.lab.run"] === runId);
      // The last destroy may still be on its way: wait until every create has its destroy.
      for (let i = 0; i < 50; i++) {
        const count = (action: string): number => mine().filter((e) => e.Action === action).length;
        if (count("create") > 0 && count("destroy") === count("create")) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      child.kill();
      return mine();
    },
  };
}

/** Per scenario, from the first container create to the last container destroy, in engine time. */
function lifetimes(events: EngineEvent[]): Map<string, { from: number; to: number; destroyed: number; created: number }> {
  const spans = new Map<string, { from: number; to: number; destroyed: number; created: number }>();
  for (const e of events) {
    const scenario = e.Actor.Attributes["io.lab.scenario"]!;
    const span = spans.get(scenario) ?? { from: Infinity, to: -Infinity, destroyed: 0, created: 0 };
    if (e.Action === "create") {
      span.from = Math.min(span.from, e.timeNano);
      span.created++;
    }
    if (e.Action === "destroy") {
      span.to = Math.max(span.to, e.timeNano);
      span.destroyed++;
    }
    spans.set(scenario, span);
  }
  return spans;
}

describe("a directory of scenarios at --parallel 4", () => {
  let run: CliResult;
  let names: string[];
  let spans: ReturnType<typeof lifetimes>;

  beforeAll(async () => {
    names = (await lab(["list", MANY])).stdout.match(/^many-[a-z-]+/gm) ?? [];
    const engine = watchEngine();
    // Neither CI nor NO_COLOR: piped stdout alone must choose plain output without escape codes.
    run = await lab(["run", MANY, "--parallel", "4"], { env: { CI: undefined, NO_COLOR: undefined } });
    spans = lifetimes(await engine.until(run.runId!));
  });

  afterAll(async () => {
    if (run?.runId) expect(await leftovers(run.runId)).toEqual([]);
  });

  it("passes every scenario and removes everything", async () => {
    expect(names.length).toBeGreaterThanOrEqual(8);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    for (const name of names) expect(run.stdout).toMatch(new RegExp(`^\\[${name}\\] passed \\(`, "m"));
    expect(await leftovers(run.runId!)).toEqual([]);
  });

  it("never had the two scenarios of host port 34517 up at the same time, by the engine's clock", () => {
    const [a, b] = PORT_SCENARIOS.map((n) => spans.get(n));
    expect(a && b, `engine events for ${PORT_SCENARIOS.join(" and ")}`).toBeTruthy();
    for (const span of [a!, b!]) {
      expect(span.created).toBeGreaterThan(0);
      expect(span.destroyed).toBe(span.created);
    }
    const [first, second] = a!.from < b!.from ? [a!, b!] : [b!, a!];
    expect(second.from).toBeGreaterThan(first.to);
  });

  it("ran the others side by side, never more than 4 at once", () => {
    expect([...spans.keys()].sort()).toEqual([...names].sort());
    const edges = [...spans.values()].flatMap((s) => [
      { t: s.from, d: 1 },
      { t: s.to, d: -1 },
    ]);
    edges.sort((x, y) => x.t - y.t || x.d - y.d);
    let now = 0;
    let most = 0;
    for (const e of edges) most = Math.max(most, (now += e.d));
    expect(most).toBeGreaterThanOrEqual(3);
    expect(most).toBeLessThanOrEqual(4);
  });

  it("pipes plain output: no escape codes, the summary line last", () => {
    expect(run.stdout).not.toMatch(/\u001b/);
    const lines = run.stdout.trimEnd().split("\n");
    expect(lines.at(-1)).toMatch(new RegExp(`^${names.length} passed, 0 failed \\(steps: \\d+ passed, 0 failed; [\\d.]+m?s\\)$`));
  });
});

describe("--shard", () => {
  it("1/3, 2/3 and 3/3 together run each scenario exactly once", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-shard-"));
    const ran: string[] = [];
    // One after the other: the port lock holds inside one run, not across runs.
    for (const i of [1, 2, 3]) {
      const out = join(dir, `shard-${i}.json`);
      const r = await lab(["run", MANY, "--shard", `${i}/3`, "--reporter", "plain", "--reporter", "json", "--output", out]);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const report = JSON.parse(await readFile(out, "utf8")) as { runId: string; scenarios: { name: string; status: string }[] };
      expect(report.runId).toBe(r.runId);
      for (const s of report.scenarios) expect(s.status).toBe("passed");
      // Shares differ by at most one scenario.
      expect(report.scenarios.length).toBeGreaterThanOrEqual(3);
      ran.push(...report.scenarios.map((s) => s.name));
      expect(await leftovers(r.runId!)).toEqual([]);
    }
    const all = ((await lab(["list", MANY])).stdout.match(/^many-[a-z-]+/gm) ?? []).sort();
    expect([...ran].sort()).toEqual(all);
  });
});
