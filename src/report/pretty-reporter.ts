import { Listr, type ListrTask } from "listr2";
import { formatDuration } from "../scenario/duration.js";
import { colorsFor, type Colors } from "./colors.js";
import type { Reporter, RunEvent, RunSummary, ScenarioResult, StepResult } from "./events.js";
import { diagnosticLines, keptLines } from "./scenario-lines.js";
import { formatSeconds, stepDetails, summaryLine } from "./summary-line.js";

/** A value that arrives later, from an event. */
class Later<T> {
  resolve!: (value: T) => void;
  readonly promise = new Promise<T>((r) => (this.resolve = r));
}

interface StepView {
  ended: Later<StepResult>;
  retry?: (text: string) => void;
}

interface ScenarioView {
  provisioned: Later<void>;
  provisionOutput?: (text: string) => void;
  tearingDown: Later<void>;
  steps: StepView[];
  /** The result, or undefined when the run ended before the scenario started (--bail, Ctrl-C). */
  ended: Later<ScenarioResult | undefined>;
}

/**
 * listr2 in a terminal: one task per scenario, nested steps, live retries and image
 * progress, then the engine's view of what failed, and the summary line last. Events drive
 * the tasks; the tasks never drive the run, and never handle signals: Ctrl-C belongs to
 * `lab run`, which tears down before it exits.
 */
export class PrettyReporter implements Reporter {
  private readonly scenarios = new Map<string, ScenarioView>();
  private readonly results: ScenarioResult[] = [];
  private readonly notices: string[] = [];
  private readonly c: Colors;
  private listr?: Promise<unknown>;
  private summary?: RunSummary;

  /** `renderer: "silent"` keeps listr quiet (tests); the lines written to `out` stay. */
  constructor(
    private readonly out: NodeJS.WriteStream = process.stdout,
    private readonly options: { renderer?: "default" | "silent" } = {},
  ) {
    this.c = colorsFor(out);
  }

  onEvent(e: RunEvent): void {
    const view = "scenario" in e ? this.scenarios.get(e.scenario) : undefined;
    switch (e.type) {
      case "run-start":
        // Before listr takes the terminal: the id that `lab clean --run` needs.
        this.out.write(`lab run ${e.runId}: ${e.scenarios.length} scenario${e.scenarios.length === 1 ? "" : "s"}\n`);
        for (const s of e.scenarios) {
          this.scenarios.set(s.name, {
            provisioned: new Later(),
            tearingDown: new Later(),
            ended: new Later(),
            steps: s.steps.map(() => ({ ended: new Later() })),
          });
        }
        this.listr = new Listr(
          e.scenarios.map((s) => this.scenarioTask(s.name, s.file, s.steps)),
          {
            concurrent: true,
            exitOnError: false,
            registerSignalListeners: false,
            renderer: this.options.renderer ?? "default",
            rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true },
          },
        ).run();
        return;
      case "phase":
        if (e.phase !== "provision") view?.provisioned.resolve();
        if (e.phase === "teardown") view?.tearingDown.resolve();
        return;
      case "progress":
        view?.provisionOutput?.(e.line);
        return;
      case "step-start":
        return;
      case "step-retry":
        view?.steps[e.index]?.retry?.(`waiting ${formatSeconds(e.elapsedMs)}: ${e.message.split("\n")[0]}`);
        return;
      case "step-end":
        view?.steps[e.result.index]?.ended.resolve(e.result);
        return;
      case "scenario-end": {
        this.results.push(e.result);
        const v = this.scenarios.get(e.result.name);
        v?.provisioned.resolve();
        v?.ended.resolve(e.result);
        return;
      }
      case "notice":
        // Written while listr draws, it would be held back anyway; shown before the summary instead.
        this.notices.push(e.message);
        return;
      case "run-end":
        this.summary = e.summary;
        for (const v of this.scenarios.values()) v.ended.resolve(undefined);
        return;
    }
  }

  async close(): Promise<void> {
    await this.listr;
    const lines: string[] = [];
    // In the order of the tasks above, not the order in which scenarios ended.
    const order = [...this.scenarios.keys()];
    const results = [...this.results].sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name));
    for (const r of results) {
      if (r.status !== "passed" && r.diagnostics)
        lines.push("", `${this.c.bold(r.name)}: the engine's view at the failure:`, ...diagnosticLines(r.diagnostics).map((l) => `  ${l}`));
      if (r.kept) lines.push("", ...keptLines(r));
    }
    if (this.notices.length) lines.push("", ...this.notices);
    if (this.summary) lines.push(...(lines.length ? [""] : []), summaryLine(this.summary));
    if (lines.length) this.out.write(`${lines.join("\n")}\n`);
  }

  private scenarioTask(name: string, file: string, titles: string[]): ListrTask {
    const view = this.scenarios.get(name)!;
    const { c } = this;
    const notRun = (t: { skip(message?: string): void }, title: string): void => t.skip(`${title} (not run)`);
    return {
      title: `${name} ${c.dim(file)}`,
      task: (_ctx, scenario) =>
        scenario.newListr(
          [
            {
              title: "provision",
              task: async (_c, t) => {
                view.provisionOutput = (line) => (t.output = line);
                await Promise.race([view.provisioned.promise, view.ended.promise]);
                const ended = await Promise.race([view.ended.promise, Promise.resolve(null)]);
                if (ended === undefined) return notRun(t, "provision");
                if (ended?.error && ended.steps.every((s) => s.status === "skipped")) throw new Error(ended.error.message);
              },
            },
            ...titles.map((title, i): ListrTask => ({
              title,
              task: async (_c, t) => {
                const step = view.steps[i]!;
                step.retry = (text) => (t.output = text);
                const r = await Promise.race([step.ended.promise, view.ended.promise]);
                if (!r || !("index" in r)) return notRun(t, title);
                t.title = `${r.name} ${c.dim(formatDuration(r.durationMs))}`;
                if (r.status === "skipped") return t.skip(`${r.name} (${r.message === "not run" ? "skipped" : r.message})`);
                if (r.status === "failed") throw new Error(stepDetails(r).join("\n"));
              },
            })),
            {
              title: "teardown",
              task: async (_c, t) => {
                await Promise.race([view.tearingDown.promise, view.ended.promise]);
                t.title = "cleaning up: removing the scenario's containers and networks";
                const r = await view.ended.promise;
                if (!r) return notRun(t, "teardown");
                scenario.title = `${name} ${c.dim(file)} ${verdict(r, c)}`;
                if (r.kept) t.title = `kept: see below; remove with lab clean --run ${r.runId}`;
                else t.title = `teardown: ${r.teardown.removed} removed ${c.dim(formatDuration(r.timings.teardownMs))}`;
                if (r.teardown.failures.length) throw new Error(r.teardown.failures.join("\n"));
              },
            },
          ],
          { concurrent: false, exitOnError: false },
        ),
    };
  }
}

function verdict(r: ScenarioResult, c: Colors): string {
  const passed = r.steps.filter((s) => s.status === "passed").length;
  const word = r.status === "passed" ? c.green("passed") : r.status === "skipped" ? c.yellow("skipped") : c.red(r.status === "error" ? "error" : "failed");
  // Where the provision task did not already say it (it does when no step ran).
  const error = r.error && r.steps.some((s) => s.status !== "skipped") ? `: ${r.error.message}` : "";
  return `${word} ${c.dim(`(${passed}/${r.steps.length} steps, ${formatDuration(r.timings.totalMs)})`)}${error}`;
}
