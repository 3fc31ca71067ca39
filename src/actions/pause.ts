import { lifecycleAction } from "./lifecycle-action.js";

/** `pause: <container>`, as `docker pause`. */
export const pause = lifecycleAction("pause");
