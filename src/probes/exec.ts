import { Type } from "@sinclair/typebox";
import { argv, environment } from "../scenario/normalize.js";
import { NameMap, Pattern, ref } from "../scenario/schema-builders.js";
import { Command, ContainerName } from "../scenario/schema-defs.js";
import { Matcher } from "../steps/step-args.js";
import { attemptMs, defineStep } from "../steps/step-kind.js";
import { cutNote } from "../runtime/output-tail.js";
import { mismatch, needles, tail, type TextMatcher } from "../steps/text-match.js";

export interface Exec {
  container: string;
  /** The words, split once at load. */
  command: string[];
  /** The command as written, for the step's name. */
  written: string;
  user?: string;
  environment?: Record<string, string>;
  exit_code?: number;
  stdout?: TextMatcher;
  stderr?: TextMatcher;
}

const asserts = (a: Exec): boolean => a.exit_code !== undefined || a.stdout !== undefined || a.stderr !== undefined;

/**
 * `exec`, as `docker exec`: in the application container itself, with its own tools. With
 * `exit_code`, `stdout` or `stderr` it is a probe; without, an action that must exit 0.
 */
export const exec = defineStep({
  kind: "exec",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container to run the command in; it must be running." }),
      command: ref(Command, {
        description:
          'Required. The command, a string (split like a shell would, run without one) or a list, e.g. `cat /etc/resolv.conf` or `["sh", "-c", "echo $HOSTNAME"]`. It uses the container\'s own tools.',
      }),
      user: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            "The user (and group) the command runs as, `docker exec --user`, e.g. `nobody`, `1000` or `1000:1000`. Default: the container's `user`. A name the image does not know is refused by the engine.",
        }),
      ),
      environment: Type.Optional(
        Type.Union(
          [
            NameMap(
              "^[^=]+$",
              Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: "The variable's value: text, a number or a boolean." }),
              { propertyNames: { minLength: 1, pattern: "^[^=]+$" } },
            ),
            Type.Array(Pattern("^[^=]+=", "write KEY=VALUE, such as DEBUG=1")),
          ],
          {
            description:
              "Extra environment variables of this command only, `docker exec --env`, as the container's `environment`: a map, e.g. `{ MODE: test }`, or `KEY=VALUE` strings. They add to (and override) the container's own.",
          },
        ),
      ),
      exit_code: Type.Optional(Type.Integer({ minimum: 0, maximum: 255, description: "The expected exit code. Default 0.", default: 0 })),
      stdout: Type.Optional(ref(Matcher, { description: "Check on the standard output: `{ contains }`, `{ matches }` (regular expression) or `{ equals }`." })),
      stderr: Type.Optional(ref(Matcher, { description: "Check on the standard error: `{ contains }`, `{ matches }` (regular expression) or `{ equals }`." })),
    },
    {
      description:
        'Runs a command in the running container, like `docker exec`. With `exit_code`, `stdout` or `stderr` it is a probe (retried until they match); without them it is an action: run once, must exit 0. E.g. `{ container: web, command: "cat /etc/hosts", stdout: { contains: dbhost } }`.',
      additionalProperties: false,
    },
  ),
  normalize: (a): Exec => ({
    ...a,
    command: argv(a.command)!,
    written: typeof a.command === "string" ? a.command : a.command.join(" "),
    environment: a.environment && environment(a.environment),
  }),
  check(a, c) {
    c.container(["container"], a.container);
    for (const stream of ["stdout", "stderr"] as const) c.regex([stream, "matches"], a[stream]?.matches);
    c.command(["command"], a.command);
  },
  type: (a) => (asserts(a) ? "probe" : "action"),
  describe: (a) => `exec in ${a.container}${a.user ? ` as ${a.user}` : ""}: ${a.written}`,
  async run(ctx, a) {
    const { runtime, world } = ctx;
    // No cap of its own: an application command may take long, but never past its step.
    const out = await runtime.exec(world.container(a.container), a.command, {
      timeoutMs: ctx.remainingMs && attemptMs(ctx, Infinity),
      user: a.user,
      environment: a.environment,
      find: needles(a.stdout, a.stderr),
    });
    const stdoutCut = out.kept && cutNote(out.kept.stdout);
    const stderrCut = out.kept && cutNote(out.kept.stderr);
    const evidence = {
      "exit code": String(out.exitCode),
      stdout: tail(out.stdout),
      ...(stdoutCut ? { "stdout cut": stdoutCut } : {}),
      ...(out.stderr.trim() ? { stderr: tail(out.stderr) } : {}),
      ...(stderrCut ? { "stderr cut": stderrCut } : {}),
    };
    const shown = a.command.join(" ");
    const want = a.exit_code ?? 0;
    if (out.exitCode !== want) return { ok: false, message: `\`${shown}\` in ${a.container} exited with ${out.exitCode}, not ${want}`, evidence };
    for (const [stream, matcher] of [
      ["stdout", a.stdout],
      ["stderr", a.stderr],
    ] as const) {
      const wrong = matcher && mismatch({ text: out[stream], ...out.kept?.[stream] }, matcher);
      if (wrong) return { ok: false, message: `\`${shown}\` in ${a.container}: expected ${stream} ${wrong}`, evidence };
    }
    return { ok: true, message: `\`${shown}\` in ${a.container} exited with ${out.exitCode}`, evidence };
  },
});
