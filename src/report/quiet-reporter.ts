import type { Reporter } from "./events.js";
import { keptLines } from "./scenario-lines.js";
import { summaryLine } from "./summary-line.js";

/**
 * What a run prints when only file reporters were chosen: the run id first, notices, how
 * to reach a kept world, and the summary line last, so that every run still ends with it.
 */
export const quietReporter = (out: NodeJS.WritableStream): Reporter => ({
  onEvent(e) {
    if (e.type === "run-start") out.write(`lab run ${e.runId}: ${e.scenarios.length} scenario${e.scenarios.length === 1 ? "" : "s"}\n`);
    else if (e.type === "notice") out.write(`${e.message}\n`);
    else if (e.type === "scenario-end" && e.result.kept)
      out.write(
        keptLines(e.result)
          .map((l) => `${l}\n`)
          .join(""),
      );
    else if (e.type === "run-end") out.write(`${summaryLine(e.summary)}\n`);
  },
});
