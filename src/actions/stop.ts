import { lifecycleAction } from "./lifecycle-action.js";

/** `stop: <container>`, as `docker stop`. */
export const stop = lifecycleAction("stop");
