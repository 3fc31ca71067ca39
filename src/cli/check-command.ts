import { checkLab } from "../api/check-lab.js";
import { runReported, type RunFlags } from "./run-command.js";

export interface CheckFlags extends Pick<
  RunFlags,
  "reporter" | "output" | "parallel" | "bail" | "probeImage" | "tag" | "grep" | "shard" | "timings" | "allowExternal" | "context"
> {
  composeProject?: string;
  allowActions?: boolean;
}

/** `lab check`: the files' steps and declarations against a world that already exists; reporters, signals and exit codes as `lab run`. */
export async function checkCommand(paths: string[], flags: CheckFlags): Promise<number> {
  return runReported(flags, (reporters, runId, signal) =>
    checkLab({
      paths,
      reporters,
      runId,
      composeProject: flags.composeProject,
      allowActions: flags.allowActions,
      probeImage: flags.probeImage,
      bail: flags.bail,
      parallel: flags.parallel,
      tags: flags.tag,
      grep: flags.grep,
      shard: flags.shard,
      allowExternal: flags.allowExternal,
      context: flags.context,
      signal,
    }),
  );
}
