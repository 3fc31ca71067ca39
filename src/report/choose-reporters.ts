import { InputError } from "../errors.js";
import type { Reporter } from "./events.js";
import { prepareOutput, type Destination } from "./file-reporter.js";
import { quietReporter } from "./quiet-reporter.js";
import { createReporter, defaultReporter, fileReporterNames, reporterKind } from "./reporter-table.js";

export interface ReporterFlags {
  /** `--reporter`, repeatable; the default is pretty in a terminal, plain otherwise. */
  names?: string[];
  /** `--output`, repeatable: `file`, or `name=file` for one of several file reporters. */
  outputs?: string[];
  timings?: boolean;
  stdout: NodeJS.WriteStream;
  stderr: NodeJS.WriteStream;
  env?: NodeJS.ProcessEnv;
}

/**
 * `--reporter` and `--output` -> reporters. The rules (docs/cli.md):
 * - at most one terminal reporter (pretty or plain);
 * - `--output name=file` sends a file reporter to a file; a bare `--output file` goes to the
 *   one file reporter that has no `name=` output, and is an error if that is ambiguous;
 * - a file reporter without an output writes to stdout, which it may do only when no other
 *   reporter writes there;
 * - with no terminal reporter, the run id and the summary line still appear: on stdout, or
 *   on stderr when a file reporter has stdout.
 * Every mistake is a usage error (exit 2) before anything runs.
 */
export async function chooseReporters(f: ReporterFlags): Promise<Reporter[]> {
  const names = [...new Set(f.names?.length ? f.names : [defaultReporter(f.stdout, f.env)])];
  const streams = names.filter((n) => reporterKind(n) === "stream");
  const files = names.filter((n) => reporterKind(n) === "file");
  if (streams.length > 1) throw usage(`${listOf(streams, "and")} both write to the terminal; choose one of them.`);

  const outputs = assignOutputs(f.outputs ?? [], files);
  const onStdout = files.filter((n) => !outputs.has(n));
  const annotations = names.filter((n) => reporterKind(n) === "annotations");
  if (onStdout.length > 0 && (streams.length > 0 || annotations.length > 0 || onStdout.length > 1)) {
    const other = streams[0] ?? annotations[0] ?? onStdout.find((n) => n !== onStdout[0]);
    throw usage(`the ${onStdout[0]} reporter has no --output, and ${other} already writes to stdout; add --output ${onStdout[0]}=${example(onStdout[0]!)}.`);
  }

  const reporters: Reporter[] = [];
  for (const name of names) {
    const path = outputs.get(name);
    const to: Destination = path !== undefined ? { path: await prepareOutput(path) } : { stream: f.stdout };
    reporters.push(await createReporter(name, { to, stdout: f.stdout }));
  }
  const free = onStdout.length === 0 ? f.stdout : f.stderr;
  if (streams.length === 0) reporters.push(quietReporter(free));
  if (f.timings) reporters.push((await import("./timings-reporter.js")).timingsReporter(streams.length > 0 ? f.stdout : free));
  return reporters;
}

/** `--output` values -> file reporter name -> path. */
function assignOutputs(values: string[], files: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const bare: string[] = [];
  for (const value of values) {
    const m = /^([a-z]+)=(.+)$/.exec(value);
    if (!m || !fileReporterNames().includes(m[1]!)) {
      bare.push(value);
      continue;
    }
    const [, name, path] = m as unknown as [string, string, string];
    if (!files.includes(name)) throw usage(`--output ${value} is for the ${name} reporter, which is not chosen; add --reporter ${name}.`);
    if (out.has(name)) throw usage(`--output is given twice for the ${name} reporter (${out.get(name)} and ${path}); give one.`);
    out.set(name, path);
  }
  if (bare.length === 0) return out;
  if (files.length === 0)
    throw usage(`--output is where a file reporter (${listOf(fileReporterNames())}) writes, and none is chosen; add e.g. --reporter junit.`);
  const open = files.filter((n) => !out.has(n));
  if (open.length === 0)
    throw usage(
      `--output ${bare[0]} names no reporter, and ${listOf(files, "and")} already ${files.length === 1 ? "has its" : "have their"} --output; drop it.`,
    );
  if (bare.length > 1 || open.length !== 1) {
    const names = open.length ? open : files;
    throw usage(
      `--output ${bare[0]} is ambiguous: ${listOf(names, "and")} each write a file; say which with ${names.map((n) => `--output ${n}=${example(n)}`).join(" ")}.`,
    );
  }
  out.set(open[0]!, bare[0]!);
  return out;
}

const example = (name: string): string => (name === "junit" ? "reports/junit.xml" : `reports/lab.${name}`);

const usage = (message: string): InputError => new InputError("E_USAGE", message);

/** `junit, json and plain`: reporter names read as words in these messages, unquoted. */
const listOf = (items: readonly string[], word = "or"): string =>
  items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${word} ${items.at(-1)}`;
