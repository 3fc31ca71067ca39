import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { Alias, ContainerName, NetworkName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `connect`, as `docker network connect --alias --link --ip`; the container also answers to its own name there. */
export const connect = defineStep({
  kind: "connect",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container to connect." }),
      network: ref(NetworkName, { description: "Required. The network of this scenario to connect it to." }),
      aliases: Type.Optional(
        Type.Array(ref(Alias), {
          description: "Extra DNS names for the container on that network, besides its scenario name, e.g. `[old]`.",
          uniqueItems: true,
        }),
      ),
      links: Type.Optional(
        Type.Array(Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[a-zA-Z0-9][a-zA-Z0-9_.-]*)?$", "write a container name, or name:alias"), {
          description:
            'Links on this network\'s endpoint, as `docker network connect --link`: `NAME` or `NAME:ALIAS`, e.g. `["db:dbhost"]`. Only this container resolves the alias (embedded DNS), while the target is on that network too.',
          uniqueItems: true,
        }),
      ),
      ipv4_address: Type.Optional(
        Type.String({
          format: "ipv4",
          description:
            "A fixed IPv4 address on that network, as `--ip`, e.g. `172.28.0.10`. The engine takes it only on a user-defined network with a `subnet` that contains it.",
        }),
      ),
    },
    {
      description:
        'Action: connect a container to a network of this scenario (`docker network connect`); it answers there to its scenario name and the given aliases. E.g. `{ container: legacy, network: app, aliases: [old], links: ["db:dbhost"] }`.',
      additionalProperties: false,
    },
  ),
  check(a, c) {
    c.container(["container"], a.container);
    c.network(["network"], a.network, true);
    (Array.isArray(a.links) ? a.links : []).forEach((link, i) => {
      if (typeof link !== "string") return;
      const target = link.split(":")[0]!;
      c.container(["links", i], target, "container");
      if (target === a.container) c.report("E_LINK", ["links", i], `container "${a.container}" cannot link to itself`);
    });
  },
  type: "action",
  describe: (a) =>
    `connect ${a.container} to ${a.network}${a.aliases?.length ? ` as ${a.aliases.join(", ")}` : ""}${a.links?.length ? ` linking ${a.links.join(", ")}` : ""}`,
  async run({ runtime, world }, a) {
    const network = world.network(a.network);
    // The default bridge takes no aliases: the engine refuses network-scoped aliases there.
    const aliases = network === "bridge" ? (a.aliases ?? []) : [...world.aliasesOf(a.container), ...(a.aliases ?? [])];
    // The embedded DNS answers a link by the target's name on the network: an id would never resolve.
    const links = await Promise.all(
      (a.links ?? []).map(async (l) => {
        const [target, alias] = l.split(":");
        const { name } = await runtime.inspectContainer(world.container(target!));
        return `${name}:${alias ?? target}`;
      }),
    );
    await runtime.connect(network, world.container(a.container), aliases, { links, ipv4Address: a.ipv4_address });
    return { ok: true, message: `${a.container} connected to ${a.network}${a.ipv4_address ? ` at ${a.ipv4_address}` : ""}` };
  },
});
