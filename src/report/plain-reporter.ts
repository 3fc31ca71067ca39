import type { Writable } from "node:stream";
import { formatDuration } from "../scenario/duration.js";
import { colorsFor } from "./colors.js";
import type { Reporter, RunEvent } from "./events.js";
import { stepDetails, summaryLine } from "./summary-line.js";

/** One line per event; the default when stdout is not a terminal or CI is set. */
export class PlainReporter implements Reporter {
  private readonly c;

  constructor(
    private readonly out: Writable & { isTTY?: boolean } = process.stdout,
    private readonly verbose = false,
  ) {
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
        if (this.verbose || /^(pulling|building) /.test(e.line)) this.line(`${prefix(e.scenario)} ${e.line}`);
        return;
      case "step-start":
      case "step-retry":
        return;
      case "step-end": {
        const r = e.result;
        const mark = r.status === "passed" ? c.green("✓") : r.status === "failed" ? c.red("✗") : c.yellow("-");
        this.line(`${prefix(e.scenario)} ${mark} ${r.name}${r.status === "skipped" ? c.dim(" (skipped)") : c.dim(` (${formatDuration(r.durationMs)})`)}`);
        if (r.status === "failed") for (const l of stepDetails(r)) this.line(`${prefix(e.scenario)}     ${l}`);
        return;
      }
      case "scenario-end": {
        const r = e.result;
        const p = prefix(r.name);
        if (r.error) this.line(`${p} ${c.red("error:")} ${r.error.message}`);
        if (r.status !== "passed" && r.diagnostics) {
          this.line(`${p} the engine's view at the failure:`);
          for (const [k, v] of Object.entries(r.diagnostics)) v.split("\n").forEach((l, i) => this.line(`${p}     ${i === 0 ? `${k}: ` : "  "}${l}`));
        }
        for (const f of r.teardown.failures) this.line(`${p} ${c.red("could not remove")} ${f}`);
        if (r.kept) {
          this.line(`${p} kept: ${r.resources.map((x) => `${x.kind} ${x.real}`).join(", ")}`);
          this.line(`${p} remove with: lab clean --run ${r.runId}`);
        }
        const verdict = r.status === "passed" ? c.green("passed") : c.red(r.status === "error" ? "error" : "failed");
        const counts = `${r.steps.filter((s) => s.status === "passed").length}/${r.steps.length} steps`;
        return this.line(`${p} ${verdict} (${counts}, ${formatDuration(r.timings.totalMs)})`);
      }
      case "notice":
        return this.line(e.message);
      case "run-end":
        return this.line(summaryLine(e.summary));
    }
  }

  private line(text: string): void {
    this.out.write(`${text}\n`);
  }
}
