import type { LifecycleAction } from "../runtime/runtime.js";
import { defineStep, type StepKind } from "../steps/step-kind.js";

const PAST: Record<LifecycleAction, string> = { start: "started", stop: "stopped", restart: "restarted", kill: "killed", pause: "paused", unpause: "unpaused" };

/** `start: web` and its siblings: one engine call on one container. */
export const lifecycleAction = (action: LifecycleAction): StepKind<string> =>
  defineStep<string>({
    kind: action,
    type: "action",
    describe: (name, expect) => `${expect === "fail" ? "the engine refuses to " : ""}${action} ${name}`,
    async run({ runtime, world }, name) {
      await runtime.lifecycle(world.container(name), action);
      // A start, restart, stop or kill makes a new network namespace (or none): probes must rejoin.
      if (action !== "pause" && action !== "unpause") world.namespaceChanged(name);
      return { ok: true, message: `${name} ${PAST[action]}` };
    },
  });
