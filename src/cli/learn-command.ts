import { AbortedError } from "../errors.js";
import { learn } from "../learn/learn-session.js";

export interface LearnFlags {
  pull: "missing" | "always" | "never";
  probeImage: string;
  context?: string;
}

const SIGNALS: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/**
 * `lab learn FILE`: an exercise at a terminal. SIGINT, SIGTERM and SIGHUP (and Ctrl-C typed
 * while the keys are read raw) end the session, and the world is torn down before lab exits.
 */
export async function learnCommand(file: string, flags: LearnFlags): Promise<number> {
  const interrupt = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => interrupt.abort(new AbortedError(`interrupted by ${signal}`));
  for (const s of SIGNALS) process.on(s, onSignal);
  try {
    const result = await learn({
      file,
      input: process.stdin,
      output: process.stdout,
      signal: interrupt.signal,
      pull: flags.pull,
      probeImage: flags.probeImage,
      context: flags.context,
    });
    return result.exitCode;
  } finally {
    for (const s of SIGNALS) process.off(s, onSignal);
  }
}
