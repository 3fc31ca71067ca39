import { formatDuration } from "../scenario/duration.js";
import type { Reporter } from "./events.js";

/** `--timings`: per scenario, the time spent waiting on the engine and the runner's own time. */
export const timingsReporter = (out: NodeJS.WritableStream): Reporter => ({
  onEvent(e) {
    if (e.type !== "scenario-end") return;
    const t = e.result.timings;
    const engine = t.engineMs ?? 0;
    const where = (mode: string): string[] => Object.entries(t.probes ?? {}).flatMap(([c, m]) => (m === mode ? [c] : []));
    const inPlace = where("in place");
    const probeContainers = where("probe container");
    const probes = t.probes
      ? `; probes: ${[inPlace.length ? `in place in ${inPlace.join(", ")}` : "", probeContainers.length ? `probe containers for ${probeContainers.join(", ")}` : ""].filter(Boolean).join(", ")}`
      : "";
    out.write(
      `timings ${e.result.name}: total ${formatDuration(t.totalMs)} = engine ${formatDuration(engine)} (${t.engineCalls ?? 0} calls) + runner ${formatDuration(Math.max(0, t.totalMs - engine))}; provision ${formatDuration(t.provisionMs)}, steps ${formatDuration(t.stepsMs)}, teardown ${formatDuration(t.teardownMs)}${probes}\n`,
    );
  },
});
