import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `create: <container>`, as `docker create`: the declared container, made at this step. */
export const create = defineStep({
  kind: "create",
  args: ref(ContainerName, {
    description:
      "Action: create the declared container now, without starting it (`docker create`), e.g. `create: web`; a `start:` step starts it. Meant for a container declared `create: false`: with `expect: fail` and `error:` a lab shows the engine refusing to create it (e.g. `dns` with `network_mode: container:`), and a second `create` of the same container meets the engine's name conflict.",
  }),
  check: (name, c) => c.container([], name),
  type: "action",
  describe: (name, expect) => `${expect === "fail" ? "the engine refuses to " : ""}create ${name}`,
  async run({ world }, name) {
    if (!world.createContainer) throw new Error("this world cannot create containers");
    await world.createContainer(name);
    return { ok: true, message: `${name} created` };
  },
});
