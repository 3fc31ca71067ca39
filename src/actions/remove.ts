import { defineStep } from "../steps/step-kind.js";

/** `remove: <container>`, as `docker rm -f`. */
export const remove = defineStep<string>({
  kind: "remove",
  type: "action",
  describe: (name) => `remove ${name}`,
  async run({ runtime, world }, name) {
    world.namespaceChanged(name);
    await runtime.removeContainer(world.container(name));
    return { ok: true, message: `${name} removed` };
  },
});
