import type { EngineFacts, StepResult } from "./events.js";
import { FileReporter, type Destination } from "./file-reporter.js";
import type { RecordedScenario, RunRecord } from "./run-record.js";
import { diagnosticLines, keptLines } from "./scenario-lines.js";
import { stepDetails } from "./summary-line.js";

/**
 * JUnit XML, as CI systems read it (the Jenkins/Surefire schema): one testsuite per
 * scenario, one testcase per step named by the step's title, <failure> with the evidence
 * and the hint, <system-out> with the engine's view of the step's containers. A scenario
 * that failed outside its steps (provisioning, a readiness wait) gets a testcase of its
 * own, and so does a teardown that left something behind. docs/reports.md has the mapping.
 */
export const junitReporter = (to: Destination, now?: () => Date): FileReporter => new FileReporter(junitXml, to, now);

interface Case {
  name: string;
  ms: number;
  /** Where the step is: read by GitHub's JUnit annotators, GitLab and pytest-style readers; Jenkins ignores them. */
  file?: string;
  line?: number;
  outcome?: { tag: "failure" | "error" | "skipped"; message: string; type?: string; body?: string };
  out?: string;
}

export function junitXml(run: RunRecord): string {
  const suites = run.scenarios.map((s, i) => suiteXml(s, i, run.summary?.engine));
  const cases = run.scenarios.map(casesOf).flat();
  const count = (tag: string): number => cases.filter((c) => c.outcome?.tag === tag).length;
  const attrs = {
    name: `lab run ${run.runId}`,
    tests: cases.length,
    failures: count("failure"),
    errors: count("error"),
    time: seconds(run.summary?.durationMs ?? 0),
  };
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${attributes(attrs)}>\n${suites.join("")}</testsuites>\n`;
}

function suiteXml(s: RecordedScenario, id: number, engine?: EngineFacts): string {
  const cases = casesOf(s);
  const count = (tag: string): number => cases.filter((c) => c.outcome?.tag === tag).length;
  const ran = s.status !== "skipped" ? s : undefined;
  const attrs = {
    name: s.name,
    tests: cases.length,
    failures: count("failure"),
    errors: count("error"),
    skipped: count("skipped"),
    time: seconds(ran?.timings.totalMs ?? 0),
    timestamp: ran?.startedAt,
    id,
    file: s.file,
  };
  const properties: [string, string | undefined][] = [
    ["lab.run", s.runId],
    ["lab.status", s.status],
    ["lab.description", s.description || undefined],
    ["lab.tags", s.tags.length ? s.tags.join(", ") : undefined],
    ["lab.engine", engine?.name],
    ["lab.engine.version", engine?.version],
    ["lab.engine.api", engine?.apiVersion],
    ["lab.engine.transport", engine?.transport],
    ["lab.engine.endpoint", engine?.endpoint],
    ...(ran?.resources ?? []).map((r): [string, string] => [`lab.${r.kind}.${r.name}`, r.real]),
  ];
  const props = properties.filter((p): p is [string, string] => p[1] !== undefined).map(([name, value]) => `      <property${attributes({ name, value })}/>\n`);
  const out = [...(ran?.diagnostics ? ["the engine's view at the failure:", ...diagnosticLines(ran.diagnostics)] : []), ...(ran?.kept ? keptLines(ran) : [])];
  return (
    `  <testsuite${attributes(attrs)}>\n` +
    `    <properties>\n${props.join("")}    </properties>\n` +
    cases.map((c) => caseXml({ file: s.file, ...c }, s.name)).join("") +
    (out.length ? `    <system-out>${text(out.join("\n"))}</system-out>\n` : "") +
    `  </testsuite>\n`
  );
}

function caseXml(c: Case, classname: string): string {
  const open = `    <testcase${attributes({ name: c.name, classname, time: seconds(c.ms), file: c.file, line: c.line })}`;
  if (!c.outcome && !c.out) return `${open}/>\n`;
  const o = c.outcome;
  const outcome = o ? `      <${o.tag}${attributes({ message: o.message, type: o.type })}${o.body ? `>${text(o.body)}</${o.tag}>` : "/>"}\n` : "";
  const out = c.out ? `      <system-out>${text(c.out)}</system-out>\n` : "";
  return `${open}>\n${outcome}${out}    </testcase>\n`;
}

/** The testcases of a scenario: its steps, plus the scenario's own error and teardown when they went wrong. */
function casesOf(s: RecordedScenario): Case[] {
  if (s.status === "skipped")
    return s.steps.map((st) => ({
      name: st.name,
      ms: 0,
      line: "line" in st ? (st.line as number) : undefined,
      outcome: { tag: "skipped", message: st.message === "not run" || !st.message ? "not run: the run stopped before this scenario started" : st.message },
    }));
  const cases: Case[] = [];
  const tag = s.status === "error" ? "error" : "failure";
  const ranAny = s.steps.some((st) => st.status !== "skipped");
  // An error that no failed step carries would otherwise not show in CI at all.
  if (s.error && !s.steps.some((st) => st.status === "failed")) {
    const out = s.diagnostics ? diagnosticLines(s.diagnostics).join("\n") : undefined;
    cases.push({
      name: ranAny ? "scenario" : "provision",
      ms: ranAny ? s.timings.totalMs : s.timings.provisionMs,
      outcome: { tag, message: s.error.message, type: s.error.code, body: s.error.message },
      out,
    });
  }
  for (const st of s.steps) cases.push(stepCase(st, s));
  if (s.teardown.failures.length > 0) {
    cases.push({
      name: "teardown",
      ms: s.timings.teardownMs,
      outcome: {
        tag: "error",
        message: `${s.teardown.failures.length} resource(s) could not be removed`,
        type: "E_TEARDOWN",
        body: s.teardown.failures.join("\n"),
      },
    });
  }
  return cases;
}

function stepCase(st: StepResult, s: Extract<RecordedScenario, { timings: unknown }>): Case {
  const c: Case = { name: st.name, ms: st.durationMs, line: st.line };
  if (st.status === "skipped") c.outcome = { tag: "skipped", message: st.message };
  if (st.status === "failed") {
    c.outcome = {
      tag: "failure",
      message: st.message,
      type: `${st.kind}${st.expect === "fail" ? " (expect: fail)" : ""}${st.reason ? ` reason=${st.reason}` : ""}`,
      body: [...stepDetails(st), `at ${s.file}:${st.line}`].join("\n"),
    };
    if (s.diagnostics) c.out = diagnosticLines(relevant(s.diagnostics, st.subjects)).join("\n");
  }
  return c;
}

/** The diagnostics of the containers and networks that the step names; all of them when it names none. */
function relevant(diagnostics: Record<string, string>, subjects: string[] | undefined): Record<string, string> {
  if (!subjects?.length) return diagnostics;
  const picked = Object.entries(diagnostics).filter(([key]) => subjects.some((n) => key === `container ${n}` || key === `network ${n}`));
  return picked.length ? Object.fromEntries(picked) : diagnostics;
}

const seconds = (ms: number): string => (Math.max(0, ms) / 1000).toFixed(3);

function attributes(attrs: Record<string, string | number | undefined>): string {
  return Object.entries(attrs)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => ` ${k}="${text(String(v)).replace(/"/g, "&quot;").replace(/\n/g, "&#10;").replace(/\r/g, "&#13;").replace(/\t/g, "&#9;")}"`)
    .join("");
}

/**
 * Text that XML 1.0 accepts: escaped markup, terminal escape sequences removed (container
 * logs have them), other characters that XML forbids replaced by U+FFFD.
 */
export function text(s: string): string {
  return s
    .replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "")
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "\ufffd")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;");
}
