import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `rename`, as `docker rename`: the engine's name changes, the container (its id, its aliases) stays. */
export const rename = defineStep({
  kind: "rename",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container to rename; later steps still call it by this scenario name." }),
      name: ref(ContainerName, {
        description:
          "Required. The new name. The real name becomes `lab-<run>-<scenario>--<name>`, like every name of the scenario, so that runs side by side never collide.",
      }),
    },
    {
      description:
        "Action: rename a container (`docker rename`), e.g. `{ container: web, name: web-old }`. The engine renames its DNS record on user-defined networks: the new real name resolves there and the old one no longer does, while aliases (the scenario name among them) and links stay. The engine refuses a name another container has.",
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.container(["container"], a.container),
  type: "action",
  describe: (a, expect) => `${expect === "fail" ? "the engine refuses to " : ""}rename ${a.container} to ${a.name}`,
  async run({ world }, a) {
    if (!world.renameContainer) throw new Error("this world cannot rename containers");
    const real = await world.renameContainer(a.container, a.name);
    return { ok: true, message: `${a.container} renamed to ${real}` };
  },
});
