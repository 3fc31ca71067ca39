import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `kill: web`, or `kill: { container: web, signal: SIGHUP }`, as `docker kill [--signal]`. */
export const kill = defineStep({
  kind: "kill",
  args: Type.Union(
    [
      ref(ContainerName, { description: "The container whose main process gets SIGKILL, e.g. `kill: web`." }),
      Type.Object(
        {
          container: ref(ContainerName, { description: "Required. The container whose main process gets the signal." }),
          signal: Type.Optional(
            Type.Union(
              [
                Pattern("^(SIG)?[A-Z][A-Z0-9+-]*$", "write a signal name such as SIGHUP, HUP or SIGRTMIN+1, or its number", {
                  description: "A signal name, e.g. `SIGHUP`, `TERM`, `SIGUSR1`.",
                }),
                Type.Integer({ minimum: 1, maximum: 64, description: "A signal number, e.g. `15`." }),
              ],
              {
                description:
                  "The signal, by name or number, as `docker kill --signal` takes it. Default `SIGKILL`. A process that handles or ignores it keeps running; busybox `sh` as PID 1 ignores `SIGTERM`.",
              },
            ),
          ),
        },
        { additionalProperties: false, description: "The container and the signal, e.g. `{ container: web, signal: SIGHUP }`." },
      ),
    ],
    {
      description:
        "Action: send a signal to the container's main process (`docker kill`): `kill: web` sends SIGKILL; `kill: { container: web, signal: SIGTERM }` another signal. The engine refuses a container that is not running, and a signal it does not know.",
    },
  ),
  normalize: (a): { container: string; signal?: string } =>
    typeof a === "string" ? { container: a } : { container: a.container, signal: a.signal === undefined ? undefined : String(a.signal) },
  check: (a, c) => c.container(typeof a === "string" ? [] : ["container"], typeof a === "string" ? a : a?.container),
  type: "action",
  describe: (a, expect) => `${expect === "fail" ? "the engine refuses to " : ""}kill ${a.container}${a.signal ? ` with ${a.signal}` : ""}`,
  async run({ runtime, world }, a) {
    await runtime.lifecycle(world.container(a.container), "kill", a.signal ? { signal: a.signal } : {});
    // Any signal may end the main process, and with it the namespace: probes rejoin (a cheap new probe container).
    world.namespaceChanged(a.container);
    return { ok: true, message: `${a.container} got ${a.signal ?? "SIGKILL"}` };
  },
});
