import type { LifecycleAction } from "../runtime/runtime.js";
import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

const PAST: Record<LifecycleAction, string> = { start: "started", stop: "stopped", restart: "restarted", kill: "killed", pause: "paused", unpause: "unpaused" };

/** `start: web` and its siblings: one engine call on one container, named as the whole argument. */
export const lifecycleAction = <K extends LifecycleAction>(action: K, description: string) =>
  defineStep({
    kind: action,
    args: ref(ContainerName, { description }),
    check: (name, c) => c.container([], name),
    type: "action",
    describe: (name, expect) => `${expect === "fail" ? "the engine refuses to " : ""}${action} ${name}`,
    async run({ runtime, world }, name) {
      await runtime.lifecycle(world.container(name), action);
      // A start, restart, stop or kill makes a new network namespace (or none): probes must rejoin.
      if (action !== "pause" && action !== "unpause") world.namespaceChanged(name);
      return { ok: true, message: `${name} ${PAST[action]}` };
    },
  });
