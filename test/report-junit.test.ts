import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { ScenarioResult } from "../src/report/events.js";
import { junitReporter, text } from "../src/report/junit-reporter.js";
import { parseJunit } from "./support/junit-schema.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

/** Runs the events through the junit reporter, as the CLI does, and returns what it wrote. */
async function junitOf(results: ScenarioResult[], planned: { name: string; steps: string[] }[] = []): Promise<string> {
  let out = "";
  const stream = new Writable({ write: (chunk, _enc, done) => ((out += String(chunk)), done()) });
  const reporter = junitReporter({ stream }, () => new Date("2030-01-02T03:04:05.678Z"));
  for (const e of runEvents(results, planned)) reporter.onEvent(e);
  await reporter.close();
  return out;
}

const FAILED = scenarioResult({
  name: "dns",
  status: "failed",
  description: "Names on user networks",
  tags: ["dns", "networks"],
  steps: [
    step({ index: 0, name: "web finds db", durationMs: 134 }),
    step({
      index: 1,
      name: 'web finds <cache> & "friends"',
      status: "failed",
      message: "cache does not resolve in web: NXDOMAIN",
      evidence: { nameserver: "127.0.0.11", lookup: "Server: 127.0.0.11\n** server can't find cache: NXDOMAIN" },
      hint: "Put both on one network: `docker network create`.",
      attempts: 12,
      durationMs: 2004,
      subjects: ["web"],
    }),
    step({
      index: 2,
      name: "legacy cannot find db",
      expect: "fail",
      status: "failed",
      kind: "resolve",
      message: "expected a failure, but db resolves",
      subjects: [],
    }),
    step({ index: 3, name: "stop db", kind: "stop", status: "skipped", message: "not run", durationMs: 0 }),
  ],
  resources: [
    { kind: "network", name: "app", real: "lab-abc123-dns-app" },
    { kind: "container", name: "web", real: "lab-abc123-dns-web" },
  ],
  diagnostics: {
    "container web": "running\nlast log lines:\n\u001b[32mGET /\u001b[0m 200 \u0007bell",
    "container db": "exited, exit code 1\nlast log lines:\npanic: <oops>",
    "network app": "web 172.20.0.2/16",
  },
});

const PASSED = scenarioResult({ name: "ports", steps: [step({ index: 0, name: "host reaches web", kind: "tcp" })] });

describe("the junit reporter", () => {
  it("writes a document that the JUnit schema of CI systems accepts", async () => {
    const xml = await junitOf([FAILED, PASSED], [{ name: "later", steps: ["a", "b"] }]);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites ')).toBe(true);
    expect(() => parseJunit(xml)).not.toThrow();
    // Every & starts an entity (the parser above forgives a bare one in attributes; CI parsers do not).
    expect(xml).not.toMatch(/&(?!amp;|lt;|gt;|quot;|#\d+;)/);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
  });

  it("has one testsuite per scenario and one testcase per step, named by the step's title, with counts and times", async () => {
    const { attrs, suites } = parseJunit(await junitOf([FAILED, PASSED]));
    expect(attrs).toEqual({ name: "lab run abc123", tests: "5", failures: "2", errors: "0", time: "4.321" });
    expect(suites.map((s) => s.attrs.name)).toEqual(["dns", "ports"]);
    const dns = suites[0]!;
    expect(dns.attrs).toMatchObject({
      tests: "4",
      failures: "2",
      errors: "0",
      skipped: "1",
      time: "2.500",
      file: "scenarios/dns.yaml",
      timestamp: "2030-01-02T03:04:05.678Z",
    });
    expect(dns.cases.map((c) => c.name)).toEqual(["web finds db", 'web finds <cache> & "friends"', "legacy cannot find db", "stop db"]);
    expect(dns.cases.map((c) => c.time)).toEqual(["0.134", "2.004", "0.120", "0.000"]);
    expect(dns.cases.every((c) => c.classname === "dns")).toBe(true);
    expect(dns.properties).toMatchObject({
      "lab.run": "abc123",
      "lab.status": "failed",
      "lab.tags": "dns, networks",
      "lab.description": "Names on user networks",
      "lab.network.app": "lab-abc123-dns-app",
      "lab.container.web": "lab-abc123-dns-web",
    });
  });

  it("puts the message, the evidence, the hint and the place into <failure>, and the step's containers into its system-out", async () => {
    const c = parseJunit(await junitOf([FAILED])).suites[0]!.cases[1]!;
    expect(c.failure?.message).toBe("cache does not resolve in web: NXDOMAIN");
    expect(c.failure?.type).toBe("resolve");
    expect(c.failure?.text).toBe(
      [
        "cache does not resolve in web: NXDOMAIN",
        "nameserver: 127.0.0.11",
        "lookup: Server: 127.0.0.11",
        "  ** server can't find cache: NXDOMAIN",
        "hint: Put both on one network: `docker network create`.",
        "at scenarios/dns.yaml:11",
      ].join("\n"),
    );
    // Only web's view: the step names web; escape codes gone, the bell made harmless.
    expect(c.systemOut).toBe("container web: running\n  last log lines:\n  GET / 200 \ufffdbell");
  });

  it("says which failures were expected failures that did not happen, and shows all diagnostics for a step that names no container", async () => {
    const c = parseJunit(await junitOf([FAILED])).suites[0]!.cases[2]!;
    expect(c.failure?.type).toBe("resolve (expect: fail)");
    expect(c.systemOut).toContain("container db: exited, exit code 1");
    expect(c.systemOut).toContain("network app: web 172.20.0.2/16");
  });

  it("marks steps that did not run as skipped, and a scenario that never started as all skipped", async () => {
    const { suites } = parseJunit(await junitOf([FAILED], [{ name: "later", steps: ["first", "second"] }]));
    expect(suites[0]!.cases[3]!.skipped).toEqual({ message: "not run", type: undefined, text: "" });
    expect(suites[1]!.attrs).toMatchObject({ name: "later", tests: "2", skipped: "2", failures: "0", errors: "0" });
    expect(suites[1]!.cases.map((c) => [c.name, c.skipped?.message])).toEqual([
      ["first", "not run: the run stopped before this scenario started"],
      ["second", "not run: the run stopped before this scenario started"],
    ]);
  });

  it("carries the engine's view of a failed scenario in the testsuite's system-out", async () => {
    const suite = parseJunit(await junitOf([FAILED])).suites[0]!;
    expect(suite.systemOut).toContain("the engine's view at the failure:\ncontainer web: running");
    expect(suite.systemOut).toContain("panic: <oops>");
  });

  it("gives a provisioning failure its own testcase: <error> for the environment, <failure> otherwise", async () => {
    const env = scenarioResult({
      name: "broken",
      status: "error",
      error: { code: "E_PROVISION", message: 'Starting container "b" failed: no such binary' },
      steps: [step({ index: 0, name: "a resolves b", status: "skipped", message: "not run" })],
    });
    const wait = scenarioResult({
      name: "slow",
      status: "failed",
      error: { code: "E_NOT_READY", message: 'container "s" did not log "ready" within 1s (wait.timeout)' },
      steps: [],
    });
    const { attrs, suites } = parseJunit(await junitOf([env, wait]));
    expect(attrs).toMatchObject({ tests: "3", failures: "1", errors: "1" });
    expect(suites[0]!.cases.map((c) => c.name)).toEqual(["provision", "a resolves b"]);
    expect(suites[0]!.cases[0]!.error).toMatchObject({ type: "E_PROVISION", message: 'Starting container "b" failed: no such binary' });
    expect(suites[0]!.attrs).toMatchObject({ tests: "2", errors: "1", skipped: "1" });
    expect(suites[1]!.cases[0]).toMatchObject({ name: "provision", time: "0.900", failure: { type: "E_NOT_READY" } });
  });

  it("reports an error that no step carries, and a teardown that left something behind", async () => {
    const r = scenarioResult({
      name: "cut",
      status: "failed",
      error: { code: "E_ABORTED", message: "interrupted by SIGINT" },
      steps: [step({ index: 0, name: "one" }), step({ index: 1, name: "two", status: "skipped", message: "not run" })],
      teardown: { removed: 2, failures: ["container lab-abc123-cut-a: device busy"] },
    });
    const cases = parseJunit(await junitOf([r])).suites[0]!.cases;
    expect(cases.map((c) => c.name)).toEqual(["scenario", "one", "two", "teardown"]);
    expect(cases[0]!.failure).toMatchObject({ type: "E_ABORTED", message: "interrupted by SIGINT" });
    expect(cases[3]!.error).toMatchObject({ type: "E_TEARDOWN", text: "container lab-abc123-cut-a: device busy" });
  });

  it("is checked by rules that do refuse what CI systems refuse", () => {
    const doc = (inner: string, root = "<testsuites>"): string => `<?xml version="1.0"?>\n${root}${inner}</testsuites>`;
    expect(() => parseJunit(doc(""))).not.toThrow();
    expect(() => parseJunit(doc("", '<testsuites skipped="1">'))).toThrow("may not carry the attribute skipped");
    expect(() => parseJunit(doc('<testsuite name="a" tests="1" failures="0"><testcase name="x"/></testsuite>'))).toThrow("needs the attribute errors");
    expect(() => parseJunit(doc('<testsuite name="a" tests="1" failures="0" errors="0"><testcase/></testsuite>'))).toThrow("needs the attribute name");
    expect(() => parseJunit(doc('<testsuite name="a" tests="1" failures="0" errors="0" time="1.2s"></testsuite>'))).toThrow("time pattern");
    expect(() => parseJunit(doc('<testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"><note/></testcase></testsuite>'))).toThrow(
      "may not hold <note>",
    );
    expect(() => parseJunit(doc('<testsuite name="a" tests="1" failures="0" errors="0"><testcase name="x"></testsuite>'))).toThrow("not well-formed");
  });

  it("makes any text safe for XML 1.0", () => {
    expect(text('a < b && c > "d" \u0000\u001f\ud800 \u001b[1;31mred\u001b[0m')).toBe('a &lt; b &amp;&amp; c &gt; "d" \ufffd\ufffd\ufffd red');
    expect(text("😀 tab\tnewline\n")).toBe("😀 tab\tnewline\n");
  });
});
