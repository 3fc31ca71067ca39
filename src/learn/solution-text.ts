import type { Step } from "../scenario/types.js";

/**
 * A solution step as the docker command a learner would type, under the world's own names
 * (`lab learn` makes them so); a step with no one-line command is said by its title.
 */
export function asDockerCommand(step: Step, title: string): string {
  switch (step.kind) {
    case "connect":
      return `docker network connect ${(step.args.aliases ?? []).map((a) => `--alias ${a} `).join("")}${step.args.network} ${step.args.container}`;
    case "disconnect":
      return `docker network disconnect ${step.args.network} ${step.args.container}`;
    case "start":
    case "stop":
    case "restart":
    case "kill":
    case "pause":
    case "unpause":
      return `docker ${step.kind} ${step.args}`;
    case "remove":
      return `docker rm -f ${step.args}`;
    default:
      return title;
  }
}
