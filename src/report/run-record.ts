import type { Topology } from "../graph/topology.js";
import type { RunEvent, RunSummary, ScenarioResult, StepResult } from "./events.js";

/** A scenario as file reports show it: its result, or, if it never started (--bail, Ctrl-C), what was planned. */
export type RecordedScenario =
  | (ScenarioResult & { startedAt?: string })
  | {
      name: string;
      file: string;
      description: string;
      tags: string[];
      runId: string;
      status: "skipped";
      steps: Pick<StepResult, "index" | "name" | "status" | "message">[];
    };

/** The whole run as data, for the file reporters. */
export interface RunRecord {
  runId: string;
  startedAt: string;
  finishedAt?: string;
  summary?: RunSummary;
  /** In the order of the run (the selection's order), including those that never started. */
  scenarios: RecordedScenario[];
  /** Each scenario's declared world, by name, for reports that draw it (html); not part of the JSON report. */
  topologies?: Record<string, Topology>;
}

/** Collects the events of one run into a RunRecord; the clock is injected so that reports are testable. */
export class RunRecorder {
  private runId = "";
  private startedAt = "";
  private finishedAt?: string;
  private summary?: RunSummary;
  private planned: Extract<RunEvent, { type: "run-start" }>["scenarios"] = [];
  private readonly started = new Map<string, string>();
  private readonly results = new Map<string, ScenarioResult>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  onEvent(e: RunEvent): void {
    if (e.type === "run-start") {
      this.runId = e.runId;
      this.startedAt = this.now().toISOString();
      this.planned = e.scenarios;
    } else if (e.type === "scenario-start") this.started.set(e.scenario, this.now().toISOString());
    else if (e.type === "scenario-end") this.results.set(e.result.name, e.result);
    else if (e.type === "run-end") {
      this.finishedAt = this.now().toISOString();
      this.summary = e.summary;
      for (const r of e.results) this.results.set(r.name, r);
    }
  }

  record(): RunRecord {
    const scenarios = this.planned.map((p): RecordedScenario => {
      const result = this.results.get(p.name);
      if (result) return { ...result, startedAt: this.started.get(p.name) };
      return {
        name: p.name,
        file: p.file,
        description: p.description ?? "",
        tags: p.tags ?? [],
        runId: this.runId,
        status: "skipped",
        steps: p.steps.map((name, index) => ({ index, name, status: "skipped", message: "not run" })),
      };
    });
    const topologies = Object.fromEntries(this.planned.flatMap((p) => (p.topology ? [[p.name, p.topology]] : [])));
    return { runId: this.runId, startedAt: this.startedAt, finishedAt: this.finishedAt, summary: this.summary, scenarios, topologies };
  }
}
