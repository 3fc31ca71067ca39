import { defineStep } from "../steps/step-kind.js";

interface Args {
  container: string;
  network: string;
  aliases?: string[];
}

/** `connect`, as `docker network connect --alias`; the container also answers to its own name there. */
export const connect = defineStep<Args>({
  kind: "connect",
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
