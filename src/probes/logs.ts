import { defineStep } from "../steps/step-kind.js";
import { mismatch, tail } from "./text-matcher.js";

interface Args {
  container: string;
  contains?: string;
  matches?: string;
}

/** `logs`, as `docker logs`: the container's output (stdout and stderr) matches. */
export const logs = defineStep<Args>({
  kind: "logs",
  type: "probe",
  describe: (a, expect) => `the logs of ${a.container} ${expect === "fail" ? "do not show" : "show"} ${a.contains !== undefined ? JSON.stringify(a.contains) : `/${a.matches}/`}`,
  async run({ runtime, world }, a) {
    const text = await runtime.logs(world.container(a.container));
    const wrong = mismatch(text, a);
    const evidence = { logs: tail(text) };
    return wrong ? { ok: false, message: `expected the logs of ${a.container} ${wrong}`, evidence } : { ok: true, message: `the logs of ${a.container} match`, evidence };
  },
});
