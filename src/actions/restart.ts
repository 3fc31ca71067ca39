import { lifecycleAction } from "./lifecycle-action.js";

/** `restart: <container>`, as `docker restart`. */
export const restart = lifecycleAction("restart");
