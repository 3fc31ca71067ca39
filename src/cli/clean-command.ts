import { InputError } from "../errors.js";
import { LABEL } from "../plan/labels.js";
import { DockerodeRuntime } from "../runtime/dockerode-runtime.js";
import { parseDuration } from "../scenario/duration.js";
import { sweep } from "../teardown/sweep.js";

/** `lab clean`: removes the leftovers of runs whose process is gone (or, with options, of one run, of old runs, of all), by label. */
export async function cleanCommand(o: { all?: boolean; run?: string; olderThan?: string; context?: string }): Promise<number> {
  const olderThanMs = o.olderThan === undefined ? undefined : parseDuration(o.olderThan);
  if (o.olderThan !== undefined && olderThanMs === undefined)
    throw new InputError("E_USAGE", `--older-than ${JSON.stringify(o.olderThan)} is not a duration; write e.g. 30m or 1h`);
  if (o.run !== undefined && !/^[a-z0-9]+$/.test(o.run))
    throw new InputError("E_USAGE", `--run ${JSON.stringify(o.run)} is not a run id; run ids are printed by lab run, e.g. 3f9a1c`);
  const runtime = new DockerodeRuntime(undefined, { context: o.context });
  await runtime.info();
  const report = await sweep(runtime, { runId: o.run, olderThanMs, all: o.all });
  const count = (kind: string): number => report.removed.filter((r) => r.kind === kind).length;
  process.stdout.write(`removed ${count("container")} containers and ${count("network")} networks${o.run ? ` of run ${o.run}` : ""}\n`);
  const runs = [...new Set(report.spared.map((r) => r.labels[LABEL.run]))];
  if (runs.length > 0) {
    process.stdout.write(
      `left ${report.spared.length} resources of ${runs.length} run${runs.length === 1 ? "" : "s"} whose process still runs, runs on another host or is not recorded (${runs.slice(0, 5).join(", ")}${runs.length > 5 ? ", ..." : ""}); --run <id> or --all removes them\n`,
    );
  }
  for (const f of report.failures) process.stderr.write(`lab: could not remove ${f.resource.kind} ${f.resource.name}: ${f.message}\n`);
  return report.failures.length > 0 ? 3 : 0;
}
