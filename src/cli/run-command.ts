import { writeSync } from "node:fs";
import { AbortedError, ExitCode } from "../errors.js";
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
}

/** 128 + the signal's number, as a shell reports a process the signal ended. */
const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGPIPE: 141, SIGTERM: 143 };
const SIGNALS = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];

/** Writes that can no longer reach anyone: the reader of the pipe or the terminal is gone. */
const GONE = new Set(["EPIPE", "EIO", "ECONNRESET", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"]);

/** A line on stderr that never throws: stderr may be the pipe that went away. */
const say = (text: string): void => {
  try {
    if (!process.stderr.destroyed) process.stderr.write(text);
  } catch {
    // Nobody is left to read it.
  }
};

/**
 * `lab run`. The first SIGINT, SIGTERM, SIGHUP or SIGPIPE stops scheduling and tears
 * everything down; a second one leaves at once and says how to remove what is left. When
 * stdout or stderr goes away (`lab run | head -1`, a closed terminal), the run is torn down
 * as for SIGPIPE: a reporter that cannot write never stops the teardown.
 */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
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
  const interrupt = new AbortController();
  let received: string | undefined;
  // Only a person asks twice: a closed pipe raises SIGPIPE (and EPIPE) at every write, so it
  // starts the teardown but never counts as the first of two.
  let asked = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    const fromPipe = signal === "SIGPIPE";
    if (asked && !fromPipe) {
      // Straight to the file descriptor: the pretty reporter holds process.stderr while it draws, and we exit now.
      const cursor = process.stderr.isTTY ? "\u001b[?25h" : "";
      try {
        writeSync(
          2,
          `${cursor}\nlab: ${signal} again: stopping now. Resources of run ${runId} may be left behind; remove them with: lab clean --run ${runId}\n`,
        );
      } catch {
        // stderr is gone too; the exit code still tells.
      }
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    if (!fromPipe) asked = true;
    if (received) return;
    received = signal;
    say(`\nlab: ${signal} received: cleaning up run ${runId} (press Ctrl-C again to stop at once and leave resources behind)\n`);
    interrupt.abort(new AbortedError(`interrupted by ${signal}`));
  };
  // A closed output is read as SIGPIPE, whichever of the two Node reports first.
  const onOutputError = (error: NodeJS.ErrnoException): void => {
    if (GONE.has(error.code ?? "")) onSignal("SIGPIPE");
  };
  for (const s of SIGNALS) process.on(s, onSignal);
  process.stdout.on("error", onOutputError);
  process.stderr.on("error", onOutputError);
  try {
    const { summary, results } = await go(reporters, runId, interrupt.signal);
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
    for (const s of SIGNALS) process.off(s, onSignal);
    // The error listeners stay: a write still queued for a closed pipe must not crash the exit.
  }
}
