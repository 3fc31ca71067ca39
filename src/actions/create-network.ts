import { ref } from "../scenario/schema-builders.js";
import { NetworkName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `create_network: <network>`, as `docker network create`, with the network's declared settings. */
export const createNetwork = defineStep({
  kind: "create_network",
  args: ref(NetworkName, {
    description:
      "Action: create the declared network now (`docker network create`, with its settings from `networks:`), e.g. `create_network: extra`. Meant for a network declared `create: false`, or one a `remove_network` step removed; on a network that exists, the engine refuses the duplicate name (`expect: fail`, `error: already exists`).",
  }),
  check: (name, c) => c.network([], name, false),
  type: "action",
  describe: (name, expect) => `${expect === "fail" ? "the engine refuses to " : ""}create network ${name}`,
  async run({ world }, name) {
    if (!world.createNetwork) throw new Error("this world cannot create networks");
    await world.createNetwork(name);
    return { ok: true, message: `network ${name} created` };
  },
});
