import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { ContainerName, NetworkName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `disconnect`, as `docker network disconnect`. */
export const disconnect = defineStep({
  kind: "disconnect",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container to disconnect." }),
      network: ref(NetworkName, { description: "Required. The network to disconnect it from." }),
    },
    {
      description: "Action: disconnect a container from a network of this scenario (`docker network disconnect`). E.g. `{ container: legacy, network: app }`.",
      additionalProperties: false,
    },
  ),
  check(a, c) {
    c.container(["container"], a.container);
    c.network(["network"], a.network, true);
  },
  type: "action",
  describe: (a) => `disconnect ${a.container} from ${a.network}`,
  async run({ runtime, world }, a) {
    await runtime.disconnect(world.network(a.network), world.container(a.container));
    return { ok: true, message: `${a.container} disconnected from ${a.network}` };
  },
});
