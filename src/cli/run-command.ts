import { AbortedError, ExitCode } from "../errors.js";
import { newRunId, runLab } from "../api/run-lab.js";
import { createReporter, defaultReporter } from "../report/reporter-table.js";
import type { Reporter } from "../report/events.js";

export interface RunFlags {
  reporter?: string[];
  output?: string;
  parallel?: number;
  bail?: boolean;
  keep?: boolean;
  keepOnFailure?: boolean;
  pull: "missing" | "always" | "never";
  probeImage: string;
  tag?: string[];
  grep?: string;
  shard?: string;
  timings?: boolean;
}

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * `lab run`. The first SIGINT or SIGTERM stops scheduling and tears everything down; a
 * second one leaves at once and says how to remove what is left.
 */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const names = flags.reporter?.length ? flags.reporter : [defaultReporter(process.stdout)];
  const reporters: Reporter[] = await Promise.all(names.map((name) => createReporter(name, { output: flags.output, stdout: process.stdout })));
  if (flags.timings) reporters.push((await import("../report/timings-reporter.js")).timingsReporter(process.stdout));

  const runId = newRunId();
  const interrupt = new AbortController();
  let received: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      process.stderr.write(`\nlab: ${signal} again: stopping now. Resources of run ${runId} may be left behind; remove them with: lab clean --run ${runId}\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    received = signal;
    process.stderr.write(`\nlab: ${signal} received: cleaning up run ${runId} (press Ctrl-C again to stop at once and leave resources behind)\n`);
    interrupt.abort(new AbortedError(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const { summary } = await runLab({
      paths,
      reporters,
      runId,
      pull: flags.pull,
      probeImage: flags.probeImage,
      keep: flags.keep ? "always" : flags.keepOnFailure ? "on-failure" : "never",
      bail: flags.bail,
      parallel: flags.parallel,
      tags: flags.tag,
      grep: flags.grep,
      shard: flags.shard,
      signal: interrupt.signal,
    });
    if (received) {
      process.stderr.write(`lab: interrupted by ${received}; everything run ${runId} created was removed.\n`);
      return SIGNAL_EXIT[received] ?? ExitCode.failed;
    }
    return summary.exitCode;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
