import { defineStep } from "../steps/step-kind.js";

interface Args {
  container: string;
  network: string;
}

/** `disconnect`, as `docker network disconnect`. */
export const disconnect = defineStep<Args>({
  kind: "disconnect",
  type: "action",
  describe: (a) => `disconnect ${a.container} from ${a.network}`,
  async run({ runtime, world }, a) {
    await runtime.disconnect(world.network(a.network), world.container(a.container));
    return { ok: true, message: `${a.container} disconnected from ${a.network}` };
  },
});
