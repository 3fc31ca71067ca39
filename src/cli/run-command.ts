import { ExitCode } from "../errors.js";
import { listenForInterrupts, say, SIGNAL_EXIT } from "./interrupts.js";
import { newRunId, runLab } from "../api/run-lab.js";
import { chooseReporters } from "../report/choose-reporters.js";
import { guardedReporter } from "../report/guarded-reporter.js";
import type { Reporter, RunSummary, ScenarioResult } from "../report/events.js";

export interface RunFlags {
  reporter?: string[];
  /** Repeatable: `file`, or `name=file` when several file reporters are chosen. */
  output?: string[];
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
  allowExternal?: boolean;
  context?: string;
  /** `--watch`: run one file again at each save (watch-command.ts). */
  watch?: boolean;
}

/**
 * `lab run`. The first SIGINT, SIGTERM, SIGHUP or SIGPIPE stops scheduling and tears
 * everything down; a second one leaves at once and says how to remove what is left. When
 * stdout or stderr goes away (`lab run | head -1`, a closed terminal), the run is torn down
 * as for SIGPIPE: a reporter that cannot write never stops the teardown.
 */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  if (flags.watch) return (await import("./watch-command.js")).watchCommand(paths, flags);
  return runReported(flags, (reporters, runId, signal) =>
    runLab({
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
      allowExternal: flags.allowExternal,
      context: flags.context,
      signal,
    }),
  );
}

/** The reporters, signals and exit code around a run, shared by `lab run` and `lab check`. */
export async function runReported(
  flags: Pick<RunFlags, "reporter" | "output" | "timings">,
  go: (reporters: Reporter[], runId: string, signal: AbortSignal) => Promise<{ summary: RunSummary; results: ScenarioResult[] }>,
): Promise<number> {
  const chosen = await chooseReporters({
    names: flags.reporter,
    outputs: flags.output,
    timings: flags.timings,
    stdout: process.stdout,
    stderr: process.stderr,
  });
  const reporters = chosen.map((r) => guardedReporter(r, say));

  const runId = newRunId();
  const interrupts = listenForInterrupts(runId);
  try {
    const { summary, results } = await go(reporters, runId, interrupts.signal);
    const received = interrupts.received();
    // A teardown that could not finish, or an engine lost while requests were in flight, may leave resources behind.
    const leftBehind = results.some((r) => r.teardown.failures.length > 0 || r.error?.code === "E_NO_ENGINE");
    if (leftBehind) say(`lab: resources of run ${runId} may be left behind; once the engine is back, remove them with: lab clean --run ${runId}\n`);
    if (received) {
      say(leftBehind ? `lab: interrupted by ${received}.\n` : `lab: interrupted by ${received}; everything run ${runId} created was removed.\n`);
      return SIGNAL_EXIT[received] ?? ExitCode.failed;
    }
    // A report that could not be written is lost: the run cannot count as passed.
    if (reporters.some((r) => r.failed()) && summary.exitCode === ExitCode.passed) return ExitCode.environment;
    return summary.exitCode;
  } finally {
    interrupts.close();
  }
}
