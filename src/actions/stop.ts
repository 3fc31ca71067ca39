import { lifecycleAction } from "./lifecycle-action.js";

/** `stop: <container>`, as `docker stop`. */
export const stop = lifecycleAction(
  "stop",
  "Action: stop the container (`docker stop`: SIGTERM, then SIGKILL after the engine's grace period), e.g. `stop: web`.",
);
