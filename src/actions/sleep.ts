import { setTimeout as delay } from "node:timers/promises";
import { parseDuration } from "../scenario/duration.js";
import { defineStep } from "../steps/step-kind.js";

/** `sleep: 1s`. Discouraged: probes already wait until they pass. */
export const sleep = defineStep<string>({
  kind: "sleep",
  type: "action",
  describe: (d) => `sleep ${d}`,
  async run({ signal }, d) {
    await delay(parseDuration(d) ?? 0, undefined, { signal });
    return { ok: true, message: `slept ${d}` };
  },
});
