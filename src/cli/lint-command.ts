import { writeFile } from "node:fs/promises";
import { AbortedError, InputError } from "../errors.js";
import { validateCommand } from "./validate-command.js";

export interface LintFlags {
  mutate?: boolean;
  reporter?: string;
  output?: string;
  parallel?: number;
  pull: "missing" | "always" | "never";
  probeImage: string;
  context?: string;
}

const REPORTERS = ["plain", "json"];

/**
 * `lab lint`: the files against the schema and the rules (as `lab validate`, no engine);
 * with `--mutate`, the vacuity check: every probe must be one that some change of the world
 * makes go the other way (src/mutate/).
 */
export async function lintCommand(paths: string[], flags: LintFlags): Promise<number> {
  const reporter = flags.reporter ?? "plain";
  if (!REPORTERS.includes(reporter)) throw new InputError("E_USAGE", `--reporter ${reporter}: lab lint reports as ${REPORTERS.join(" or ")}`);
  if (!flags.mutate) return validateCommand(paths);
  const { mutateLab } = await import("../mutate/mutate-lab.js");
  const { vacuityText } = await import("../mutate/vacuity-text.js");
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupt.signal.aborted) return;
    process.stderr.write(`\nlab: ${signal} received: tearing down the mutants under way\n`);
    interrupt.abort(new AbortedError(`interrupted by ${signal}`));
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  for (const s of signals) process.on(s, onSignal);
  try {
    const report = await mutateLab({
      paths,
      parallel: flags.parallel,
      pull: flags.pull,
      probeImage: flags.probeImage,
      context: flags.context,
      signal: interrupt.signal,
      // Progress on a terminal only: a pipe gets the report alone.
      onMutant: process.stderr.isTTY
        ? (s, m) => process.stderr.write(`  ${s.name}: ${m.outcome === "refused" ? "refused" : `${m.flipped.length} flipped`} by ${m.description}\n`)
        : undefined,
    });
    const text = reporter === "json" ? `${JSON.stringify({ version: 1, ...report }, null, 2)}\n` : vacuityText(report);
    if (flags.output) await writeFile(flags.output, text);
    else process.stdout.write(text);
    return report.exitCode;
  } finally {
    for (const s of signals) process.off(s, onSignal);
  }
}
