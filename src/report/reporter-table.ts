import { InputError } from "../errors.js";
import { listOf } from "../scenario/did-you-mean.js";
import type { Reporter } from "./events.js";
import type { Destination } from "./file-reporter.js";

export interface ReporterOptions {
  /** A file reporter's document goes here: a file, or a stream (stdout). */
  to: Destination;
  stdout: NodeJS.WriteStream;
}

export type ReporterKind = "stream" | "file" | "annotations";

interface Entry {
  /**
   * `stream` reporters write to stdout as the run goes; `file` reporters write one document at the end;
   * `annotations` (github) add workflow commands to stdout beside a stream reporter.
   */
  kind: ReporterKind;
  create(o: ReporterOptions): Promise<Reporter>;
}

/** Every reporter, one line each; loaded on demand so that `lab --version` stays fast. */
const REPORTERS: Record<string, Entry> = {
  plain: { kind: "stream", create: async (o) => new (await import("./plain-reporter.js")).PlainReporter(o.stdout) },
  pretty: { kind: "stream", create: async (o) => new (await import("./pretty-reporter.js")).PrettyReporter(o.stdout) },
  junit: { kind: "file", create: async (o) => (await import("./junit-reporter.js")).junitReporter(o.to) },
  json: { kind: "file", create: async (o) => (await import("./json-reporter.js")).jsonReporter(o.to) },
  html: { kind: "file", create: async (o) => (await import("./html-reporter.js")).htmlReporter(o.to) },
  github: { kind: "annotations", create: async (o) => new (await import("./github-reporter.js")).GithubReporter(o.stdout) },
};

export const reporterNames = (): string[] => Object.keys(REPORTERS);

export const fileReporterNames = (): string[] => Object.keys(REPORTERS).filter((n) => REPORTERS[n]!.kind === "file");

/** Whether a reporter writes to a file (`--output`) rather than to the terminal; unknown names are a usage error. */
export function reporterKind(name: string): ReporterKind {
  const entry = REPORTERS[name];
  if (!entry) throw new InputError("E_USAGE", `unknown reporter "${name}"; known reporters: ${listOf(reporterNames())}`);
  return entry.kind;
}

export async function createReporter(name: string, o: ReporterOptions): Promise<Reporter> {
  reporterKind(name);
  return REPORTERS[name]!.create(o);
}

/** pretty in a terminal, plain when piped or under CI. */
export const defaultReporter = (stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): string => (stdout.isTTY && !env.CI ? "pretty" : "plain");
