import { writeSync } from "node:fs";
import { AbortedError, ExitCode } from "../errors.js";
import { newRunId, runLab } from "../api/run-lab.js";
import { chooseReporters } from "../report/choose-reporters.js";

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

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

/**
 * `lab run`. The first SIGINT or SIGTERM stops scheduling and tears everything down; a
 * second one leaves at once and says how to remove what is left.
 */
export async function runCommand(paths: string[], flags: RunFlags): Promise<number> {
  const reporters = await chooseReporters({ names: flags.reporter, outputs: flags.output, timings: flags.timings, stdout: process.stdout, stderr: process.stderr });

  const runId = newRunId();
  const interrupt = new AbortController();
  let received: string | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      // Straight to the file descriptor: the pretty reporter holds process.stderr while it draws, and we exit now.
      const cursor = process.stderr.isTTY ? "\u001b[?25h" : "";
      writeSync(2, `${cursor}\nlab: ${signal} again: stopping now. Resources of run ${runId} may be left behind; remove them with: lab clean --run ${runId}\n`);
      process.exit(SIGNAL_EXIT[signal] ?? 1);
    }
    received = signal;
    process.stderr.write(`\nlab: ${signal} received: cleaning up run ${runId} (press Ctrl-C again to stop at once and leave resources behind)\n`);
    interrupt.abort(new AbortedError(`interrupted by ${signal}`));
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  try {
    const { summary, results } = await runLab({
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
      signal: interrupt.signal,
    });
    // A teardown that could not finish, or an engine lost while requests were in flight, may leave resources behind.
    const leftBehind = results.some((r) => r.teardown.failures.length > 0 || r.error?.code === "E_NO_ENGINE");
    if (leftBehind) process.stderr.write(`lab: resources of run ${runId} may be left behind; once the engine is back, remove them with: lab clean --run ${runId}\n`);
    if (received) {
      process.stderr.write(leftBehind ? `lab: interrupted by ${received}.\n` : `lab: interrupted by ${received}; everything run ${runId} created was removed.\n`);
      return SIGNAL_EXIT[received] ?? ExitCode.failed;
    }
    return summary.exitCode;
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
