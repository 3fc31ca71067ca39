import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { colorsFor } from "../src/report/colors.js";
import type { RunEvent } from "../src/report/events.js";
import { PlainReporter } from "../src/report/plain-reporter.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

function plain(events: RunEvent[]): string[] {
  let text = "";
  const out = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }) as Writable & { isTTY?: boolean };
  out.isTTY = false;
  const reporter = new PlainReporter(out);
  for (const e of events) reporter.onEvent(e);
  return text.trimEnd().split("\n");
}

const FAILED = scenarioResult({
  name: "dns",
  status: "failed",
  steps: [
    step({ index: 0, name: "web finds db" }),
    step({
      index: 1,
      name: "web finds cache",
      status: "failed",
      message: "cache does not resolve in web: NXDOMAIN",
      evidence: { answer: "(no address)" },
      hint: "Same network?",
    }),
  ],
  teardown: { removed: 4, failures: [] },
  diagnostics: { "container web": "running\nlast log lines:\nhello", "network app": "web 172.20.0.2/16" },
});

describe("the plain reporter", () => {
  it("prints one line per event, the failure's evidence and hint, the engine's view, and the summary line last", () => {
    const lines = plain(runEvents([FAILED]));
    expect(lines[0]).toBe("lab run abc123: 1 scenario");
    expect(lines).toContain("[dns] ✓ web finds db (120ms)");
    expect(lines).toContain("[dns] ✗ web finds cache (120ms)");
    expect(lines).toContain("[dns]     cache does not resolve in web: NXDOMAIN");
    expect(lines).toContain("[dns]     answer: (no address)");
    expect(lines).toContain("[dns]     hint: Same network?");
    expect(lines.slice(lines.indexOf("[dns] the engine's view at the failure:") + 1, -3)).toEqual([
      "[dns]     container web: running",
      "[dns]       last log lines:",
      "[dns]       hello",
      "[dns]     network app: web 172.20.0.2/16",
    ]);
    expect(lines.at(-3)).toBe("[dns] removed 4 resources (400ms)");
    expect(lines.at(-2)).toBe("[dns] failed (1/2 steps, 2.5s)");
    expect(lines.at(-1)).toBe("0 passed, 1 failed (steps: 1 passed, 1 failed; 4.3s)");
  });

  it("has no escape codes when the stream is not a terminal", () => {
    expect(plain(runEvents([FAILED])).join("\n")).not.toMatch(/\u001b/);
  });

  it("turns colours off with NO_COLOR, as no-color.org says: any value but the empty string", () => {
    const tty = { isTTY: true };
    expect(colorsFor(tty, {}).red("x")).toBe("\u001b[31mx\u001b[39m");
    expect(colorsFor(tty, { NO_COLOR: "1" }).red("x")).toBe("x");
    expect(colorsFor(tty, { NO_COLOR: "" }).red("x")).toBe("\u001b[31mx\u001b[39m");
    expect(colorsFor({ isTTY: false }, {}).red("x")).toBe("x");
  });

  it("says every 2 seconds what a retrying step is waiting for", () => {
    const retries: RunEvent[] = [100, 500, 1900, 2100, 2500, 4200].map((elapsedMs, i) => ({
      type: "step-retry",
      scenario: "dns",
      index: 1,
      name: "web finds cache",
      attempt: i + 1,
      elapsedMs,
      message: `cache does not resolve (try ${i + 1})\nmore detail`,
    }));
    const lines = plain([{ type: "step-start", scenario: "dns", index: 1, name: "web finds cache" }, ...retries]);
    expect(lines).toEqual([
      "[dns] … web finds cache: waiting 2.1s: cache does not resolve (try 4)",
      "[dns] … web finds cache: waiting 4.2s: cache does not resolve (try 6)",
    ]);
  });

  it("prints how to look at a kept world and how to remove it", () => {
    const kept = scenarioResult({
      name: "dns",
      status: "failed",
      kept: true,
      resources: [
        { kind: "network", name: "app", real: "lab-abc123-dns--app" },
        { kind: "container", name: "web", real: "lab-abc123-dns--web" },
        { kind: "container", name: "web-probe1", real: "lab-abc123-dns.probe1--web" },
      ],
    });
    const lines = plain(runEvents([kept]));
    const from = lines.indexOf("[dns] kept: the world of dns is still up (run abc123)");
    expect(lines.slice(from, from + 9)).toEqual([
      "[dns] kept: the world of dns is still up (run abc123)",
      "[dns]   container web  lab-abc123-dns--web",
      "[dns]   network app    lab-abc123-dns--app",
      "[dns] look at it:",
      "[dns]   docker ps -a --filter label=io.lab.run=abc123 --filter label=io.lab.scenario=dns",
      "[dns]   docker logs lab-abc123-dns--web",
      "[dns]   docker exec -it lab-abc123-dns--web sh",
      "[dns]   docker network inspect lab-abc123-dns--app",
      "[dns] remove it: lab clean --run abc123",
    ]);
    expect(lines.some((l) => l.includes("removed"))).toBe(false);
  });
});
