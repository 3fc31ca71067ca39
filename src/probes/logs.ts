import { Type } from "@sinclair/typebox";
import { ref, StringEnum } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";
import { cutNote } from "../runtime/output-tail.js";
import { mismatch, needles, tail } from "../steps/text-match.js";

/** `logs`, as `docker logs`: the container's output (stdout and stderr) matches. */
export const logs = defineStep({
  kind: "logs",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose logs are read." }),
      stream: Type.Optional(
        StringEnum(["stdout", "stderr"], {
          description:
            "Read only the standard output (`stdout`) or only the standard error (`stderr`) of the container, as `docker logs <c> 2>/dev/null` or `>/dev/null` would show them. Default: both, interleaved as written.",
        }),
      ),
      contains: Type.Optional(Type.String({ description: "Text the logs must contain, e.g. `listening on port 80`." })),
      matches: Type.Optional(
        Type.String({
          description:
            "A regular expression the logs must match (JavaScript syntax; may start with `(?i)`, `(?m)`, `(?s)`; `^` and `$` match at line ends), e.g. `listening on (port )?80`.",
        }),
      ),
    },
    {
      description:
        "Probe: the container's log output (stdout and stderr, or one of them with `stream`) contains a text or matches a regular expression. E.g. `{ container: db, contains: ready }`, `{ container: db, stream: stderr, contains: warning }`.",
      additionalProperties: false,
    },
  ),
  check(a, c) {
    c.container(["container"], a.container);
    if (a.contains === undefined && a.matches === undefined) c.report("E_STEP_ARGS", [], `a "logs" step needs "contains" or "matches"`);
    c.regex(["matches"], a.matches);
  },
  type: "probe",
  readOnly: true,
  describe: (a, expect) =>
    `the ${a.stream ? `${a.stream} ` : ""}logs of ${a.container} ${expect === "fail" ? "do not show" : "show"} ${a.contains !== undefined ? JSON.stringify(a.contains) : `/${a.matches}/`}`,
  async run({ runtime, world }, a) {
    const log = await runtime.logs(world.container(a.container), { ...(a.stream ? { stream: a.stream } : {}), find: needles(a) });
    const wrong = mismatch(log, a);
    const cut = log.cut !== undefined && cutNote({ bytes: log.bytes ?? 0, cut: log.cut });
    const evidence = { logs: tail(log.text), ...(cut ? { "logs cut": cut } : {}) };
    return wrong
      ? { ok: false, message: `expected the ${a.stream ? `${a.stream} ` : ""}logs of ${a.container} ${wrong}`, evidence }
      : { ok: true, message: `the logs of ${a.container} match`, evidence };
  },
});
