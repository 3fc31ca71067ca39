import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { colorsFor } from "../src/report/colors.js";
import { escapeData, escapeProperty, GithubReporter, workflowCommand } from "../src/report/github-reporter.js";
import { junitXml } from "../src/report/junit-reporter.js";
import { RunRecorder } from "../src/report/run-record.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

const FAILED = scenarioResult({
  name: "dns",
  file: "/work/repo/scenarios/dns.yaml",
  status: "failed",
  steps: [
    step({ index: 0, name: "web finds db", line: 38 }),
    step({
      index: 1,
      name: "web finds cache, then: 50% of it",
      line: 41,
      status: "failed",
      message: "cache does not resolve in web: NXDOMAIN",
      evidence: { lookup: "Server: 127.0.0.11\r\n** NXDOMAIN" },
      hint: "Use one network.",
    }),
  ],
});
const BROKEN = scenarioResult({
  name: "ports",
  file: "/elsewhere/ports.yaml",
  status: "error",
  error: { code: "E_IMAGE_MISSING", message: 'Image "x" is not on the engine.' },
  steps: [step({ index: 0, name: "web answers", status: "skipped", message: "not run" })],
  teardown: { removed: 1, failures: ["container lab-abc123-ports-web: busy"] },
});

function githubOf(results = [FAILED, BROKEN]): string[] {
  let out = "";
  const stream = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const reporter = new GithubReporter(stream, "/work/repo");
  for (const e of runEvents(results)) reporter.onEvent(e);
  return out.split("\n").filter(Boolean);
}

describe("the github reporter", () => {
  it("escapes as GitHub's runner reads workflow commands: % CR LF in data, and also : , in properties", () => {
    expect(escapeData("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext: a, b");
    expect(escapeProperty("50% done\r\nnext: a, b")).toBe("50%25 done%0D%0Anext%3A a%2C b");
    expect(workflowCommand("error", { file: "a,b.yaml", line: 3, title: "t: x", message: "m" })).toBe("::error file=a%2Cb.yaml,line=3,title=t%3A x::m");
    expect(workflowCommand("notice", { message: "plain" })).toBe("::notice::plain");
  });

  it("annotates each failed step at its file:line, relative to the workspace, with the evidence and the hint", () => {
    const lines = githubOf();
    expect(lines[0]).toBe(
      "::error file=scenarios/dns.yaml,line=41,title=dns%3A web finds cache%2C then%3A 50%25 of it::cache does not resolve in web: NXDOMAIN%0Alookup: Server: 127.0.0.11%0D%0A  ** NXDOMAIN%0Ahint: Use one network.",
    );
    expect(lines.filter((l) => l.includes("web finds db"))).toEqual([]);
  });

  it("annotates a scenario that failed outside its steps, and warns of a teardown that left something behind", () => {
    const lines = githubOf();
    expect(lines.slice(1)).toEqual([
      `::error file=/elsewhere/ports.yaml,line=1,title=ports%3A E_IMAGE_MISSING::Image "x" is not on the engine.`,
      "::warning file=/elsewhere/ports.yaml,line=1,title=ports%3A teardown::1 resource(s) could not be removed (lab clean --run abc123):%0Acontainer lab-abc123-ports-web: busy",
    ]);
  });

  it("writes nothing for a run that passed", () => {
    expect(githubOf([scenarioResult({ name: "ok", steps: [step({ index: 0, name: "fine" })] })])).toEqual([]);
  });
});

describe("junit testcases", () => {
  it("carry the step's file and line", () => {
    const recorder = new RunRecorder(() => new Date("2030-01-02T03:04:05.678Z"));
    for (const e of runEvents([FAILED])) recorder.onEvent(e);
    const xml = junitXml(recorder.record());
    expect(xml).toContain(`<testcase name="web finds db" classname="dns" time="0.120" file="${join("/work/repo/scenarios", "dns.yaml")}" line="38"/>`);
    expect(xml).toMatch(/<testcase name="web finds cache, then: 50% of it" classname="dns" time="[0-9.]+" file="\/work\/repo\/scenarios\/dns.yaml" line="41">/);
  });
});

describe("colours", () => {
  const on = (env: NodeJS.ProcessEnv, isTTY: boolean): boolean => colorsFor({ isTTY }, env).red("x") !== "x";
  it("follow FORCE_COLOR as Node does: 0 and false off, 1 2 3 true and empty on even when piped, over NO_COLOR", () => {
    for (const v of ["1", "2", "3", "true", ""]) expect(on({ FORCE_COLOR: v }, false), `FORCE_COLOR=${v}`).toBe(true);
    for (const v of ["0", "false"]) expect(on({ FORCE_COLOR: v }, true), `FORCE_COLOR=${v}`).toBe(false);
    expect(on({ FORCE_COLOR: "1", NO_COLOR: "1" }, false)).toBe(true);
  });
  it("otherwise go to a terminal only, and never with NO_COLOR or TERM=dumb", () => {
    expect(on({}, true)).toBe(true);
    expect(on({}, false)).toBe(false);
    expect(on({ NO_COLOR: "1" }, true)).toBe(false);
    expect(on({ NO_COLOR: "" }, true)).toBe(true);
    expect(on({ TERM: "dumb" }, true)).toBe(false);
  });
});
