import { lifecycleAction } from "./lifecycle-action.js";

/** `start: <container>`, as `docker start`. */
export const start = lifecycleAction(
  "start",
  "Action: start the container (`docker start`), e.g. `start: web2`; one created with `start: false`, or stopped earlier.",
);
