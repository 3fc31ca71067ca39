import { ref } from "../scenario/schema-builders.js";
import { NetworkName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `remove_network: <network>`, as `docker network rm`. */
export const removeNetwork = defineStep({
  kind: "remove_network",
  args: ref(NetworkName, {
    description:
      "Action: remove a network (`docker network rm`), e.g. `remove_network: extra`. The engine refuses while a container is still connected to it (`error: has active endpoints`), and refuses the default `bridge` (`error: pre-defined network`); a network that does not exist (never created, or removed already) is refused too (`error: not found`).",
  }),
  check: (name, c) => c.network([], name, true),
  type: "action",
  describe: (name, expect) => `${expect === "fail" ? "the engine refuses to " : ""}remove network ${name}`,
  async run({ runtime, world }, name) {
    const id = world.network(name);
    // The runtime counts a missing network as removed (teardown may repeat); `docker network rm` does not.
    await runtime.inspectNetwork(id);
    await runtime.removeNetwork(id);
    return { ok: true, message: `network ${name} removed` };
  },
});
