import { lifecycleAction } from "./lifecycle-action.js";

/** `unpause: <container>`, as `docker unpause`. */
export const unpause = lifecycleAction("unpause", "Action: resume a paused container (`docker unpause`), e.g. `unpause: web`.");
