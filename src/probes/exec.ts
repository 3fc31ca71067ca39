import { argv } from "../scenario/normalize.js";
import { defineStep } from "../steps/step-kind.js";
import { mismatch, tail, type TextMatcher } from "./text-matcher.js";

interface Args {
  container: string;
  command: string | string[];
  exit_code?: number;
  stdout?: TextMatcher;
  stderr?: TextMatcher;
}

const asserts = (a: Args): boolean => a.exit_code !== undefined || a.stdout !== undefined || a.stderr !== undefined;

/**
 * `exec`, as `docker exec`: in the application container itself, with its own tools. With
 * `exit_code`, `stdout` or `stderr` it is a probe; without, an action that must exit 0.
 */
export const exec = defineStep<Args>({
  kind: "exec",
  type: (a) => (asserts(a) ? "probe" : "action"),
  describe: (a) => `exec in ${a.container}: ${typeof a.command === "string" ? a.command : a.command.join(" ")}`,
  async run({ runtime, world }, a) {
    const command = argv(a.command)!;
    const out = await runtime.exec(world.container(a.container), command);
    const evidence = { "exit code": String(out.exitCode), stdout: tail(out.stdout), ...(out.stderr.trim() ? { stderr: tail(out.stderr) } : {}) };
    const shown = command.join(" ");
    const want = a.exit_code ?? 0;
    if (out.exitCode !== want) return { ok: false, message: `\`${shown}\` in ${a.container} exited with ${out.exitCode}, not ${want}`, evidence };
    for (const [stream, matcher] of [["stdout", a.stdout], ["stderr", a.stderr]] as const) {
      const wrong = matcher && mismatch(stream === "stdout" ? out.stdout : out.stderr, matcher);
      if (wrong) return { ok: false, message: `\`${shown}\` in ${a.container}: expected ${stream} ${wrong}`, evidence };
    }
    return { ok: true, message: `\`${shown}\` in ${a.container} exited with ${out.exitCode}`, evidence };
  },
});
