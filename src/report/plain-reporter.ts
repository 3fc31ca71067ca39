import type { Writable } from "node:stream";
import { formatDuration } from "../scenario/duration.js";
import { colorsFor } from "./colors.js";
import type { Reporter, RunEvent } from "./events.js";
import { diagnosticLines, keptLines } from "./scenario-lines.js";
import { engineLine, formatSeconds, stepDetails, summaryLine } from "./summary-line.js";

const WAITING_EVERY_MS = 2_000;

/** One line per event; the default when stdout is not a terminal or CI is set. */
export class PlainReporter implements Reporter {
  private readonly c;
  /** Per running step, when it last said that it is still waiting. */
  private readonly waitingSince = new Map<string, number>();

  constructor(private readonly out: Writable & { isTTY?: boolean } = process.stdout) {
    this.c = colorsFor(out);
  }

  onEvent(e: RunEvent): void {
    const { c } = this;
    const prefix = (s: string): string => c.dim(`[${s}]`);
    switch (e.type) {
      case "run-start":
        return this.line(`lab run ${e.runId}: ${e.scenarios.length} scenario${e.scenarios.length === 1 ? "" : "s"}`);
      case "scenario-start":
        return this.line(`${prefix(e.scenario)} ${c.bold("start")} ${e.file}`);
      case "phase":
        return this.line(`${prefix(e.scenario)} ${e.phase === "provision" ? "provisioning" : e.phase === "teardown" ? "tearing down" : "running steps"}`);
      case "progress":
        if (/^(pulling|building) /.test(e.line)) this.line(`${prefix(e.scenario)} ${e.line}`);
        return;
      case "step-start":
        this.waitingSince.delete(`${e.scenario}\0${e.index}`);
        return;
      case "step-retry": {
        // A step that keeps failing says so every few seconds, so that a CI log shows what it waits for.
        const key = `${e.scenario}\0${e.index}`;
        const last = this.waitingSince.get(key) ?? 0;
        if (e.elapsedMs - last < WAITING_EVERY_MS) return;
        this.waitingSince.set(key, e.elapsedMs);
        return this.line(`${prefix(e.scenario)} ${c.dim("…")} ${e.name}: waiting ${formatSeconds(e.elapsedMs)}: ${e.message.split("\n")[0]}`);
      }
      case "step-end": {
        const r = e.result;
        const mark = r.status === "passed" ? c.green("✓") : r.status === "failed" ? c.red("✗") : c.yellow("-");
        this.line(
          `${prefix(e.scenario)} ${mark} ${r.name}${r.status === "skipped" ? c.dim(r.message === "not run" ? " (skipped)" : ` (skipped: ${r.message})`) : c.dim(` (${formatDuration(r.durationMs)})`)}`,
        );
        if (r.status === "failed") for (const l of stepDetails(r)) this.line(`${prefix(e.scenario)}     ${l}`);
        return;
      }
      case "scenario-end": {
        const r = e.result;
        const p = prefix(r.name);
        if (r.error) this.line(`${p} ${c.red("error:")} ${r.error.message}`);
        if (r.status !== "passed" && r.diagnostics) {
          this.line(`${p} the engine's view at the failure:`);
          for (const l of diagnosticLines(r.diagnostics)) this.line(`${p}     ${l}`);
        }
        if (!r.kept)
          this.line(`${p} removed ${r.teardown.removed} resource${r.teardown.removed === 1 ? "" : "s"}${c.dim(` (${formatDuration(r.timings.teardownMs)})`)}`);
        for (const f of r.teardown.failures) this.line(`${p} ${c.red("could not remove")} ${f}`);
        if (r.kept) for (const l of keptLines(r)) this.line(`${p} ${l}`);
        const verdict =
          r.status === "passed" ? c.green("passed") : r.status === "skipped" ? c.yellow("skipped") : c.red(r.status === "error" ? "error" : "failed");
        const counts = `${r.steps.filter((s) => s.status === "passed").length}/${r.steps.length} steps`;
        return this.line(`${p} ${verdict} (${counts}, ${formatDuration(r.timings.totalMs)})`);
      }
      case "notice":
        return this.line(e.message);
      case "run-end":
        if (e.summary.engine) this.line(engineLine(e.summary.engine));
        return this.line(summaryLine(e.summary));
    }
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}
