import { readFile, writeFile } from "node:fs/promises";
import { InputError } from "../errors.js";
import { JSON_REPORT_VERSION } from "../report/json-reporter.js";
import { prepareOutput } from "../report/file-reporter.js";
import type { RunSummary } from "../report/events.js";

export interface MergeFlags {
  output?: string;
}

interface JsonReport {
  format: "lab-report";
  version: number;
  runId: string;
  startedAt?: string;
  finishedAt?: string;
  summary?: RunSummary;
  scenarios: { name: string }[];
}

/**
 * `lab report merge`: the reports of the shards of one suite -> one report of the same kind
 * (all JSON or all JUnit). A scenario in two inputs is a mistake (the same shard twice).
 */
export async function reportMergeCommand(files: string[], flags: MergeFlags): Promise<number> {
  if (files.length === 0) throw usage("give the reports to merge: lab report merge reports/shard-*.json --output reports/lab.json");
  const inputs = await Promise.all(
    files.map(async (file) => {
      const text = await readFile(file, "utf8").catch(() => {
        throw new InputError("E_NO_SUCH_FILE", `${file}: no such file or directory`);
      });
      return { file, text, kind: kindOf(file, text) };
    }),
  );
  const kinds = new Set(inputs.map((i) => i.kind));
  if (kinds.size > 1)
    throw usage(
      `the reports are of different kinds (${inputs.map((i) => `${i.file}: ${i.kind}`).join(", ")}); merge JSON reports and JUnit reports separately.`,
    );
  const merged = inputs[0]!.kind === "json" ? mergeJson(inputs) : mergeJunit(inputs);
  if (flags.output) await writeFile(await prepareOutput(flags.output), merged);
  else process.stdout.write(merged);
  return 0;
}

function kindOf(file: string, text: string): "json" | "junit" {
  const head = text.trimStart();
  if (head.startsWith("{")) {
    let doc: Partial<JsonReport>;
    try {
      doc = JSON.parse(text) as Partial<JsonReport>;
    } catch (error) {
      throw usage(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    if (doc.format !== "lab-report" || !Array.isArray(doc.scenarios)) throw usage(`${file} is JSON but not a lab report (--reporter json writes those).`);
    if (doc.version !== JSON_REPORT_VERSION) throw usage(`${file} is a lab report of version ${doc.version}; this lab reads version ${JSON_REPORT_VERSION}.`);
    return "json";
  }
  if (/^(<\?xml[^>]*\?>\s*)?<testsuites?[\s>]/.test(head)) return "junit";
  throw usage(`${file} is neither a lab JSON report nor a JUnit XML report.`);
}

/** Scenarios of each input in the order given; summary counts added; times span the earliest start to the latest end. */
export function mergeJson(inputs: { file: string; text: string }[]): string {
  const docs = inputs.map((i) => ({ file: i.file, doc: JSON.parse(i.text) as JsonReport }));
  noDuplicates(docs.flatMap(({ file, doc }) => doc.scenarios.map((s) => ({ file, name: s.name }))));
  const sum = (pick: (s: RunSummary) => number): number => docs.reduce((n, d) => n + (d.doc.summary ? pick(d.doc.summary) : 0), 0);
  const codes = docs.map((d) => d.doc.summary?.exitCode ?? 0);
  const starts = docs
    .map((d) => d.doc.startedAt)
    .filter((s): s is string => !!s)
    .sort();
  const ends = docs
    .map((d) => d.doc.finishedAt)
    .filter((s): s is string => !!s)
    .sort();
  const runId = docs.map((d) => d.doc.runId).join("+");
  const summary: RunSummary = {
    runId,
    scenarios: { passed: sum((s) => s.scenarios.passed), failed: sum((s) => s.scenarios.failed), skipped: sum((s) => s.scenarios.skipped) },
    steps: { passed: sum((s) => s.steps.passed), failed: sum((s) => s.steps.failed), skipped: sum((s) => s.steps.skipped) },
    // Shards run side by side: the suite took as long as its longest shard.
    durationMs: Math.max(0, ...docs.map((d) => d.doc.summary?.durationMs ?? 0)),
    exitCode: codes.includes(3) ? 3 : Math.max(0, ...codes),
  };
  const out = {
    format: "lab-report",
    version: JSON_REPORT_VERSION,
    runId,
    startedAt: starts[0],
    finishedAt: ends.at(-1),
    summary,
    scenarios: docs.flatMap((d) => d.doc.scenarios),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The <testsuite> elements of each input under one <testsuites>, totals added, ids renumbered. */
export function mergeJunit(inputs: { file: string; text: string }[]): string {
  const suites = inputs.flatMap(({ file, text }) =>
    [...text.matchAll(/<testsuite(\s[^>]*)?(\/>|>[\s\S]*?<\/testsuite>)/g)].map((m) => ({ file, xml: m[0], attrs: m[1] ?? "" })),
  );
  noDuplicates(suites.map((s) => ({ file: s.file, name: attr(s.attrs, "name") ?? "" })).filter((s) => s.name));
  const total = (name: string): number => suites.reduce((n, s) => n + Number(attr(s.attrs, name) ?? 0), 0);
  const roots = inputs.map((i) => /<testsuites(\s[^>]*)?>/.exec(i.text)?.[1] ?? "");
  const names = roots.map((r) => attr(r, "name")).filter((n): n is string => !!n);
  const time = Math.max(0, ...roots.map((r) => Number(attr(r, "time") ?? 0)));
  const head = ` name="${names.join(" + ") || "lab"}" tests="${total("tests")}" failures="${total("failures")}" errors="${total("errors")}" time="${time.toFixed(3)}"`;
  const body = suites
    .map((s, id) => `  ${s.xml.replace(/^<testsuite(\s[^>]*?)?\sid="\d+"/, (_m, before: string | undefined) => `<testsuite${before ?? ""} id="${id}"`)}\n`)
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites${head}>\n${body}</testsuites>\n`;
}

const attr = (attrs: string, name: string): string | undefined => new RegExp(`\\s${name}="([^"]*)"`).exec(attrs)?.[1];

function noDuplicates(entries: { file: string; name: string }[]): void {
  const seen = new Map<string, string>();
  for (const { file, name } of entries) {
    const first = seen.get(name);
    if (first !== undefined) throw usage(`the scenario ${name} is in both ${first} and ${file}; is one shard's report given twice?`);
    seen.set(name, file);
  }
}

const usage = (message: string): InputError => new InputError("E_USAGE", message);
