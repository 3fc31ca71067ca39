import { lifecycleAction } from "./lifecycle-action.js";

/** `kill: <container>`, as `docker kill`. */
export const kill = lifecycleAction("kill");
