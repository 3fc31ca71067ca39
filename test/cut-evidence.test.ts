import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { cutEvent, cutText, EVIDENCE_LINE_CHARS, EVIDENCE_TEXT_CHARS } from "../src/report/cut-evidence.js";
import { GithubReporter } from "../src/report/github-reporter.js";
import { htmlReporter } from "../src/report/html-reporter.js";
import { jsonReporter } from "../src/report/json-reporter.js";
import { junitReporter } from "../src/report/junit-reporter.js";
import { PlainReporter } from "../src/report/plain-reporter.js";
import { PrettyReporter } from "../src/report/pretty-reporter.js";
import type { Reporter } from "../src/report/events.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

const MB20 = 20 * 1024 * 1024;

describe("cutting long text for reports", () => {
  it("keeps a short text as it is", () => {
    expect(cutText("a\nb")).toBe("a\nb");
    const exact = "x".repeat(EVIDENCE_LINE_CHARS);
    expect(cutText(exact)).toBe(exact);
  });

  it("keeps the start and the end of a long line and says how much was cut", () => {
    const line = `START${"a".repeat(100_000)}END`;
    const cut = cutText(line);
    expect(cut.length).toBeLessThan(EVIDENCE_LINE_CHARS + 100);
    expect(cut.startsWith("START")).toBe(true);
    expect(cut.endsWith("END")).toBe(true);
    expect(cut).toContain(`(${(line.length - EVIDENCE_LINE_CHARS + 64).toLocaleString("en-US")} characters cut)`);
    expect(cutText(cut)).toBe(cut);
  });

  it("keeps the last lines of a long text under a note of how much was cut", () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `line ${i}`);
    const cut = cutText(lines.join("\n"));
    expect(cut.length).toBeLessThanOrEqual(EVIDENCE_TEXT_CHARS + 100);
    expect(cut.split("\n")[0]).toMatch(/^… \([\d,]+ characters cut\)$/);
    expect(cut.endsWith("line 4999")).toBe(true);
    expect(cutText(cut)).toBe(cut);
  });

  it("never splits a surrogate pair", () => {
    const cut = cutText("😀".repeat(10_000));
    expect(cut).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
    expect(cut).not.toMatch(/(?<![\ud800-\udbff])[\udc00-\udfff]/);
  });
});

describe("every reporter shows a 20 MB evidence line cut, with a note of how much", () => {
  const huge = `${"z".repeat(MB20)}`;
  const results = [
    scenarioResult({
      name: "big",
      status: "failed",
      steps: [step({ index: 0, name: "a huge output", status: "failed", message: `expected stdout ${huge}`, evidence: { stdout: huge } })],
      diagnostics: { "container web": huge },
    }),
  ];
  const events = runEvents(results).map(cutEvent);

  const capture = (): { stream: Writable; text: () => string } => {
    let text = "";
    return { stream: new Writable({ write: (chunk, _enc, done) => ((text += String(chunk)), done()) }), text: () => text };
  };
  const reporters: Record<string, (stream: Writable) => Reporter> = {
    plain: (s) => new PlainReporter(s as unknown as NodeJS.WriteStream),
    pretty: (s) => new PrettyReporter(s as unknown as NodeJS.WriteStream, { renderer: "silent" }),
    github: (s) => new GithubReporter(s as unknown as NodeJS.WriteStream, "/work/repo"),
    json: (s) => jsonReporter({ stream: s }),
    junit: (s) => junitReporter({ stream: s }),
    html: (s) => htmlReporter({ stream: s }),
  };
  for (const [name, make] of Object.entries(reporters)) {
    it(name, async () => {
      const out = capture();
      const reporter = make(out.stream);
      for (const e of events) reporter.onEvent(e);
      await reporter.close?.();
      const text = out.text();
      expect(text.length).toBeLessThan(200_000);
      if (name !== "pretty") expect(text).toMatch(/[\d,]{9,} characters cut/);
    });
  }
});
