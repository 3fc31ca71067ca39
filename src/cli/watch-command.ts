import { stat } from "node:fs/promises";
import { ExitCode, InputError } from "../errors.js";
import { FileChanges } from "../api/file-changes.js";
import { newRunId } from "../api/run-lab.js";
import { watchLab } from "../api/watch-lab.js";
import { chooseReporters } from "../report/choose-reporters.js";
import type { Reporter } from "../report/events.js";
import { guardedReporter } from "../report/guarded-reporter.js";
import { reporterKind } from "../report/reporter-table.js";
import { listenForInterrupts, say, SIGNAL_EXIT } from "./interrupts.js";
import type { RunFlags } from "./run-command.js";

/** The options of `run` that select among scenarios or leave a world behind: with one file kept up by the watch, they mean nothing. */
const REFUSED: [keyof RunFlags, string][] = [
  ["keep", "--keep"],
  ["keepOnFailure", "--keep-on-failure"],
  ["shard", "--shard"],
  ["tag", "--tag"],
  ["grep", "--grep"],
  ["parallel", "--parallel"],
];

/**
 * `lab run --watch FILE`: the scenario of one file, run again at each save (src/api/watch-lab.ts).
 * Interrupts are those of `lab run`: the first tears the world down and exits 128 + the
 * signal's number, a second exits at once with the clean command.
 */
export async function watchCommand(paths: string[], flags: RunFlags): Promise<number> {
  for (const [key, flag] of REFUSED)
    if (flags[key] !== undefined && flags[key] !== false)
      throw new InputError("E_USAGE", `${flag} does not go with --watch: the watch runs one file and keeps its world up until Ctrl-C.`);
  const file = paths.length === 1 ? paths[0]! : undefined;
  if (!file) throw new InputError("E_USAGE", `--watch takes one scenario file${paths.length > 1 ? `, not ${paths.length}` : ""}: lab run --watch FILE`);
  const found = await stat(file).catch(() => undefined);
  if (!found?.isFile()) throw new InputError("E_USAGE", `--watch takes one scenario file; ${file} ${found ? "is not a file" : "does not exist"}`);

  const make = async (): Promise<Reporter[]> =>
    (await chooseReporters({ names: flags.reporter, outputs: flags.output, timings: flags.timings, stdout: process.stdout, stderr: process.stderr })).map((r) =>
      guardedReporter(r, say),
    );
  // The reporters of the first run are made now, so that a usage mistake is refused before anything runs.
  let first: Reporter[] | undefined = await make();
  // The watch's own lines go where the summary line goes: stdout, unless a file reporter writes there.
  const fileOnStdout = (flags.reporter ?? []).some((n) => reporterKind(n) === "file") && (flags.output ?? []).length === 0;
  const line = (text: string): void => {
    if (fileOnStdout) return say(`${text}\n`);
    try {
      process.stdout.write(`${text}\n`);
    } catch {
      // stdout is gone: the interrupt handler tears down.
    }
  };

  const runId = newRunId();
  const interrupts = listenForInterrupts(runId);
  const changes = new FileChanges(file);
  try {
    const result = await watchLab({
      file,
      runId,
      reporters: async () => {
        const r = first ?? (await make());
        first = undefined;
        return r;
      },
      say: line,
      nextChange: (signal) => changes.next(signal),
      signal: interrupts.signal,
      pull: flags.pull,
      probeImage: flags.probeImage,
      bail: flags.bail,
      allowExternal: flags.allowExternal,
      context: flags.context,
    });
    if (result.leftBehind.length > 0) say(`lab: resources of run ${runId} may be left behind; remove them with: lab clean --run ${runId}\n`);
    const received = interrupts.received();
    if (received) {
      say(
        result.leftBehind.length > 0 ? `lab: interrupted by ${received}.\n` : `lab: interrupted by ${received}; everything run ${runId} created was removed.\n`,
      );
      return SIGNAL_EXIT[received] ?? ExitCode.failed;
    }
    return result.leftBehind.length > 0 ? ExitCode.environment : (result.lastExitCode ?? ExitCode.passed);
  } finally {
    changes.close();
    interrupts.close();
  }
}
