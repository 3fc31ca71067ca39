import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `remove: <container>`, as `docker rm -f`. */
export const remove = defineStep({
  kind: "remove",
  args: ref(ContainerName, { description: "Action: remove the container, stopping it first if it runs (`docker rm -f`), e.g. `remove: web`." }),
  check: (name, c) => c.container([], name),
  type: "action",
  describe: (name) => `remove ${name}`,
  async run({ runtime, world }, name) {
    world.namespaceChanged(name);
    await runtime.removeContainer(world.container(name));
    return { ok: true, message: `${name} removed` };
  },
});
