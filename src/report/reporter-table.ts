import { InputError } from "../errors.js";
import { listOf } from "../scenario/did-you-mean.js";
import type { Reporter } from "./events.js";

export interface ReporterOptions {
  /** Where a file reporter writes; stdout when not given. */
  output?: string;
  stdout: NodeJS.WriteStream;
}

type Factory = (o: ReporterOptions) => Promise<Reporter>;

/** Every reporter, one line each; loaded on demand so that `lab --version` stays fast. */
const REPORTERS: Record<string, Factory> = {
  plain: async (o) => new (await import("./plain-reporter.js")).PlainReporter(o.stdout),
  pretty: async (o) => new (await import("./pretty-reporter.js")).PrettyReporter(o.stdout),
};

export const reporterNames = (): string[] => Object.keys(REPORTERS);

export async function createReporter(name: string, o: ReporterOptions): Promise<Reporter> {
  const factory = REPORTERS[name];
  if (!factory) throw new InputError("E_USAGE", `unknown reporter "${name}"; known reporters: ${listOf(reporterNames())}`);
  return factory(o);
}

/** pretty in a terminal, plain when piped or under CI. */
export const defaultReporter = (stdout: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): string =>
  stdout.isTTY && !env.CI ? "pretty" : "plain";
