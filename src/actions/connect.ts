import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { Alias, ContainerName, NetworkName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `connect`, as `docker network connect --alias`; the container also answers to its own name there. */
export const connect = defineStep({
  kind: "connect",
  args: Type.Object({
      container: ref(ContainerName, { description: "Required. The container to connect." }),
      network: ref(NetworkName, { description: "Required. The network of this scenario to connect it to." }),
      aliases: Type.Optional(Type.Array(ref(Alias), { description: "Extra DNS names for the container on that network, besides its scenario name, e.g. `[old]`.", uniqueItems: true })),
    }, { description: "Action: connect a container to a network of this scenario (`docker network connect`); it answers there to its scenario name and the given aliases. E.g. `{ container: legacy, network: app, aliases: [old] }`.", additionalProperties: false }),
  check(a, c) {
    c.container(["container"], a.container);
    c.network(["network"], a.network, true);
  },
  type: "action",
  describe: (a) => `connect ${a.container} to ${a.network}${a.aliases?.length ? ` as ${a.aliases.join(", ")}` : ""}`,
  async run({ runtime, world }, a) {
    const network = world.network(a.network);
    // The default bridge takes no aliases: the engine refuses network-scoped aliases there.
    const aliases = network === "bridge" ? (a.aliases ?? []) : [...world.aliasesOf(a.container), ...(a.aliases ?? [])];
    await runtime.connect(network, world.container(a.container), aliases);
    return { ok: true, message: `${a.container} connected to ${a.network}` };
  },
});
