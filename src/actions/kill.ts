import { lifecycleAction } from "./lifecycle-action.js";

/** `kill: <container>`, as `docker kill`. */
export const kill = lifecycleAction("kill", "Action: kill the container's main process with SIGKILL (`docker kill`), e.g. `kill: web`.");
