import { Listr, type ListrTask } from "listr2";
import { formatDuration } from "../scenario/duration.js";
import type { Reporter, RunEvent, RunSummary, ScenarioResult, StepResult } from "./events.js";
import { stepDetails, summaryLine } from "./summary-line.js";

/** A value that arrives later, from an event. */
class Later<T> {
  resolve!: (value: T) => void;
  readonly promise = new Promise<T>((r) => (this.resolve = r));
}

interface StepView {
  started: Later<void>;
  ended: Later<StepResult>;
  retry?: (text: string) => void;
}

interface ScenarioView {
  provisioned: Later<void>;
  provisionOutput?: (text: string) => void;
  steps: StepView[];
  ended: Later<ScenarioResult>;
}

/**
 * listr2 in a terminal: one task per scenario, nested steps, live retries and image
 * progress. Events drive the tasks; the tasks never drive the run.
 */
export class PrettyReporter implements Reporter {
  private readonly scenarios = new Map<string, ScenarioView>();
  private listr?: Promise<unknown>;
  private summary?: RunSummary;

  constructor(private readonly out: NodeJS.WriteStream = process.stdout) {}

  onEvent(e: RunEvent): void {
    const view = "scenario" in e ? this.scenarios.get(e.scenario) : undefined;
    switch (e.type) {
      case "run-start":
        for (const s of e.scenarios) {
          this.scenarios.set(s.name, { provisioned: new Later(), ended: new Later(), steps: s.steps.map(() => ({ started: new Later(), ended: new Later() })) });
        }
        this.listr = new Listr(
          e.scenarios.map((s) => this.scenarioTask(s.name, s.file, s.steps)),
          { concurrent: true, exitOnError: false, rendererOptions: { collapseSubtasks: false, collapseErrors: false, showErrorMessage: true } },
        ).run();
        return;
      case "phase":
        if (e.phase !== "provision") view?.provisioned.resolve();
        return;
      case "progress":
        view?.provisionOutput?.(e.line);
        return;
      case "step-start":
        view?.steps[e.index]?.started.resolve();
        return;
      case "step-retry":
        view?.steps[e.index]?.retry?.(`waiting: ${e.message} (${formatDuration(e.elapsedMs)})`);
        return;
      case "step-end":
        view?.steps[e.result.index]?.started.resolve();
        view?.steps[e.result.index]?.ended.resolve(e.result);
        return;
      case "scenario-end": {
        const v = this.scenarios.get(e.result.name);
        v?.provisioned.resolve();
        v?.ended.resolve(e.result);
        return;
      }
      case "notice":
        this.out.write(`${e.message}\n`);
        return;
      case "run-end":
        this.summary = e.summary;
        return;
    }
  }

  async close(): Promise<void> {
    await this.listr;
    if (this.summary) this.out.write(`${summaryLine(this.summary)}\n`);
  }

  private scenarioTask(name: string, file: string, titles: string[]): ListrTask {
    const view = this.scenarios.get(name)!;
    return {
      title: `${name} ${file}`,
      task: (_ctx, task) =>
        task.newListr(
          [
            {
              title: "provision",
              task: async (_c, t) => {
                view.provisionOutput = (line) => (t.output = line);
                await Promise.race([view.provisioned.promise, view.ended.promise]);
                const ended = await Promise.race([view.ended.promise, Promise.resolve(undefined)]);
                if (ended?.error && ended.steps.every((s) => s.status === "skipped")) throw new Error(ended.error.message);
              },
            },
            ...titles.map(
              (title, i): ListrTask => ({
                title,
                task: async (_c, t) => {
                  const step = view.steps[i]!;
                  step.retry = (text) => (t.output = text);
                  const r = await step.ended.promise;
                  t.title = `${r.name} ${formatDuration(r.durationMs)}`;
                  if (r.status === "skipped") return t.skip(`${r.name} (skipped)`);
                  if (r.status === "failed") throw new Error(stepDetails(r).join("\n"));
                },
              }),
            ),
            {
              title: "teardown",
              task: async (_c, t) => {
                const r = await view.ended.promise;
                if (r.kept) t.title = `kept: remove with lab clean --run ${r.runId}`;
                else t.title = `teardown: ${r.teardown.removed} removed ${formatDuration(r.timings.teardownMs)}`;
                if (r.teardown.failures.length) throw new Error(r.teardown.failures.join("\n"));
                if (r.error && r.steps.some((s) => s.status !== "skipped")) throw new Error(r.error.message);
              },
            },
          ],
          { concurrent: false, exitOnError: false },
        ),
    };
  }
}
