import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { RunEvent } from "../src/report/events.js";
import { PrettyReporter } from "../src/report/pretty-reporter.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

/** The pretty reporter with listr silent: what it writes itself (header, diagnostics, summary) lands in `text`. */
function pretty(): { reporter: PrettyReporter; text: () => string } {
  let text = "";
  const out = new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }) as unknown as NodeJS.WriteStream;
  return { reporter: new PrettyReporter(out, { renderer: "silent" }), text: () => text };
}

const within = <T>(p: Promise<T>, ms: number): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`still waiting after ${ms} ms`)), ms))]);

describe("the pretty reporter", () => {
  it("leaves SIGINT to lab run: listr must not exit the process before the teardown", () => {
    const before = process.listenerCount("SIGINT");
    const { reporter } = pretty();
    reporter.onEvent(runEvents([])[0]!);
    expect(process.listenerCount("SIGINT")).toBe(before);
  });

  it("finishes when scenarios never started (--bail, Ctrl-C), and ends with the summary line", async () => {
    const { reporter, text } = pretty();
    const failed = scenarioResult({ name: "a", status: "failed", steps: [step({ index: 0, name: "one", status: "failed", message: "no" })] });
    for (const e of runEvents([failed], [{ name: "b", steps: ["x", "y"] }])) reporter.onEvent(e);
    await within(reporter.close(), 2000);
    const lines = text().trimEnd().split("\n");
    expect(lines[0]).toBe("lab run abc123: 2 scenarios");
    expect(lines.at(-1)).toBe("0 passed, 1 failed, 1 skipped (steps: 0 passed, 1 failed; 4.3s)");
  });

  it("shows the engine's view of a failed scenario, a kept world, and notices, before the summary", async () => {
    const { reporter, text } = pretty();
    const failed = scenarioResult({
      name: "dns",
      status: "failed",
      kept: true,
      diagnostics: { "container web": "exited, exit code 1\nlast log lines:\npanic" },
      resources: [{ kind: "container", name: "web", real: "lab-abc123-dns-web" }],
    });
    const events = runEvents([failed]);
    events.splice(1, 0, { type: "notice", message: "something to know" } as RunEvent);
    for (const e of events) reporter.onEvent(e);
    await within(reporter.close(), 2000);
    const out = text();
    expect(out).toContain("dns: the engine's view at the failure:\n  container web: exited, exit code 1\n    last log lines:\n    panic\n");
    expect(out).toContain("kept: the world of dns is still up (run abc123)\n  container web  lab-abc123-dns-web\n");
    expect(out).toContain("remove it: lab clean --run abc123\n");
    expect(out.indexOf("something to know")).toBeGreaterThan(out.indexOf("remove it"));
    expect(out.trimEnd().split("\n").at(-1)).toMatch(/^0 passed, 1 failed \(/);
  });
});
