import { writeSync } from "node:fs";
import { AbortedError } from "../errors.js";

/** 128 + the signal's number, as a shell reports a process the signal ended. */
export const SIGNAL_EXIT: Record<string, number> = { SIGHUP: 129, SIGINT: 130, SIGPIPE: 141, SIGTERM: 143 };
const SIGNALS = Object.keys(SIGNAL_EXIT) as NodeJS.Signals[];

/** Writes that can no longer reach anyone: the reader of the pipe or the terminal is gone. */
const GONE = new Set(["EPIPE", "EIO", "ECONNRESET", "ERR_STREAM_DESTROYED", "ERR_STREAM_WRITE_AFTER_END"]);

/** A line on stderr that never throws: stderr may be the pipe that went away. */
export const say = (text: string): void => {
  try {
    if (!process.stderr.destroyed) process.stderr.write(text);
  } catch {
    // Nobody is left to read it.
  }
};

export interface Interrupts {
  /** Aborted by the first SIGINT, SIGTERM, SIGHUP or SIGPIPE (or a closed stdout/stderr). */
  signal: AbortSignal;
  /** The signal that started the teardown, if one did. */
  received(): string | undefined;
  close(): void;
}

/**
 * The interrupts of `lab run` (and `lab run --watch`, `lab check`): the first one aborts the
 * signal, so that the run stops and tears down; a second one from a person exits at once and
 * says how to remove what is left.
 */
export function listenForInterrupts(runId: string): Interrupts {
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
  return {
    signal: interrupt.signal,
    received: () => received,
    close: () => {
      for (const s of SIGNALS) process.off(s, onSignal);
      // The error listeners stay: a write still queued for a closed pipe must not crash the exit.
    },
  };
}
