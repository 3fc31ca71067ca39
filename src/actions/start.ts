import { lifecycleAction } from "./lifecycle-action.js";

/** `start: <container>`, as `docker start`. */
export const start = lifecycleAction("start");
