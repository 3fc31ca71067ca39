import { lifecycleAction } from "./lifecycle-action.js";

/** `pause: <container>`, as `docker pause`. */
export const pause = lifecycleAction("pause", "Action: freeze all the container's processes (`docker pause`), e.g. `pause: web`.");
