import { setTimeout as delay } from "node:timers/promises";
import { parseDuration } from "../scenario/duration.js";
import { ref } from "../scenario/schema-builders.js";
import { Duration } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

/** `sleep: 1s`. Discouraged: probes already wait until they pass. */
export const sleep = defineStep({
  kind: "sleep",
  args: ref(Duration, {
    description: "Action: wait this long, e.g. `sleep: 2s`. Discouraged: probes already retry until they pass, so a sleep is rarely needed.",
  }),
  // The schema's pattern admits only what parseDuration reads, so this is never undefined here.
  normalize: (written): { written: string; ms: number } => ({ written, ms: parseDuration(written)! }),
  type: "action",
  describe: (d) => `sleep ${d.written}`,
  async run({ signal }, d) {
    await delay(d.ms, undefined, { signal });
    return { ok: true, message: `slept ${d.written}` };
  },
});
