import { Type } from "@sinclair/typebox";
import { ref, StringEnum } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `state`: the container's status and exit code, as `docker inspect` reports them. */
export const state = defineStep({
  kind: "state",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose state is checked." }),
      status: Type.Optional(
        StringEnum(["running", "exited", "created", "paused", "restarting", "removing", "dead"], {
          description: "The expected status: `running`, `exited`, `created`, `paused`, `restarting`, `removing` or `dead`.",
        }),
      ),
      exit_code: Type.Optional(
        Type.Integer({ description: "The expected exit code of the main process (meaningful once it has exited), e.g. `0` or `137` (killed)." }),
      ),
    },
    {
      description: "Probe: the container's state, as `docker inspect` reports it, matches. E.g. `{ container: job, status: exited, exit_code: 0 }`.",
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.container(["container"], a.container),
  type: "probe",
  readOnly: true,
  describe: (a, expect) =>
    `${a.container} ${expect === "fail" ? "is not" : "is"} ${[a.status, a.exit_code !== undefined ? `exit code ${a.exit_code}` : undefined].filter(Boolean).join(" with ") || "known to the engine"}`,
  async run({ runtime, world }, a) {
    const info = await runtime.inspectContainer(world.container(a.container));
    const evidence = { status: info.status, "exit code": String(info.exitCode), ...(info.error ? { error: info.error } : {}) };
    if (a.status !== undefined && info.status !== a.status) return { ok: false, message: `${a.container} is ${info.status}, not ${a.status}`, evidence };
    if (a.exit_code !== undefined && info.exitCode !== a.exit_code)
      return { ok: false, message: `${a.container} has exit code ${info.exitCode}, not ${a.exit_code}`, evidence };
    return { ok: true, message: `${a.container} is ${info.status} (exit code ${info.exitCode})`, evidence };
  },
});
