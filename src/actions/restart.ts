import { lifecycleAction } from "./lifecycle-action.js";

/** `restart: <container>`, as `docker restart`. */
export const restart = lifecycleAction("restart", "Action: restart the container (`docker restart`), e.g. `restart: web`.");
