import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";
import { portLines, samePortLine } from "./port-lines.js";

/** `port`, as `docker port`: the published mappings include each of `mappings`. */
export const port = defineStep({
  kind: "port",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose published ports are checked." }),
      mappings: Type.Array(Pattern("^[0-9]{1,5}/(tcp|udp) -> \\S+:[0-9]{1,5}$", 'write a line as `docker port` prints it, such as "80/tcp -> 0.0.0.0:8080"'), {
        description: 'Required. Lines of `docker port` output that must all be present, e.g. `["80/tcp -> 0.0.0.0:8080"]`.',
        minItems: 1,
      }),
    },
    {
      description:
        'Probe: the container\'s published ports, as `docker port` prints them, include the given mappings. E.g. `{ container: web, mappings: ["80/tcp -> 0.0.0.0:8080"] }`.',
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.container(["container"], a.container),
  type: "probe",
  readOnly: true,
  describe: (a, expect) => `docker port ${a.container} ${expect === "fail" ? "does not show" : "shows"} ${a.mappings.join(", ")}`,
  async run({ runtime, world }, a) {
    const info = await runtime.inspectContainer(world.container(a.container));
    const lines = portLines(info.ports);
    const missing = a.mappings.filter((m) => !lines.some((l) => samePortLine(l, m)));
    const evidence = { "docker port": lines.join("\n") || "(no published port)" };
    if (missing.length > 0) return { ok: false, message: `docker port ${a.container} does not show ${missing.join(", ")}`, evidence };
    return { ok: true, message: `docker port ${a.container} shows ${a.mappings.join(", ")}`, evidence };
  },
});
