import { readFile } from "node:fs/promises";
import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `host_process`: the container's main process is a process of this host: its PID from inspect is alive here. */
export const hostProcess = defineStep({
  kind: "host_process",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose main process is looked for on the host." }),
    },
    {
      description:
        "Probe: the container's main process is a process of the host (the PID that `docker inspect` reports is alive on the machine running the engine): containers are processes, not VMs. Reported as skipped when the engine is remote. E.g. `{ container: web }`.",
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.container(["container"], a.container),
  type: "probe",
  readOnly: true,
  confirmSuccess: true,
  describe: (a, expect) => `the main process of ${a.container} ${expect === "fail" ? "is not" : "is"} a process of the host`,
  async run({ runtime, world }, a) {
    if (world.engineIsRemote) return { ok: false, skipped: true, message: "skipped: the engine runs on another machine, so its PIDs are not this host's" };
    const info = await runtime.inspectContainer(world.container(a.container));
    if (!info.running || info.pid <= 0)
      return { ok: false, message: `${a.container} is ${info.status}: it has no main process`, evidence: { state: info.status, pid: String(info.pid) } };
    const cmdline = await readFile(`/proc/${info.pid}/cmdline`, "utf8").catch(() => undefined);
    const evidence = { pid: String(info.pid), "/proc/<pid>/cmdline": cmdline?.split("\0").join(" ").trim() || "(none)" };
    if (cmdline === undefined) return { ok: false, message: `PID ${info.pid} of ${a.container} is not alive on this host`, evidence };
    return { ok: true, message: `the main process of ${a.container} is PID ${info.pid} on the host: ${evidence["/proc/<pid>/cmdline"]}`, evidence };
  },
});
