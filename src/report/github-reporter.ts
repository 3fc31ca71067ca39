import { relative, isAbsolute } from "node:path";
import type { Reporter, RunEvent, ScenarioResult, StepResult } from "./events.js";
import { stepDetails } from "./summary-line.js";

/**
 * GitHub Actions workflow commands: an `::error` annotation per failed step at its file:line,
 * one per scenario that failed outside its steps, a `::warning` for a teardown that left
 * something behind. Written as the run goes; the escapes are those of @actions/core.
 */
export class GithubReporter implements Reporter {
  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly workspace: string = process.env.GITHUB_WORKSPACE || process.cwd(),
  ) {}

  /** Scenario names -> files (relative to the workspace, as annotations want them): step-end events name only the scenario. */
  private readonly files = new Map<string, string>();

  onEvent(e: RunEvent): void {
    if (e.type === "run-start") for (const s of e.scenarios) this.files.set(s.name, this.path(s.file));
    if (e.type === "step-end" && e.result.status === "failed") return this.write("error", this.stepAnnotation(e.scenario, e.result));
    if (e.type === "scenario-end") return this.scenarioEnd(e.result);
  }

  private stepAnnotation(scenario: string, step: StepResult): Annotation {
    return { file: this.files.get(scenario), line: step.line, title: `${scenario}: ${step.name}`, message: stepDetails(step).join("\n") };
  }

  private scenarioEnd(r: ScenarioResult): void {
    const file = this.path(r.file);
    if (r.error && !r.steps.some((s) => s.status === "failed"))
      this.write("error", { file, line: 1, title: `${r.name}: ${r.error.code}`, message: r.error.message });
    if (r.teardown.failures.length > 0)
      this.write("warning", {
        file,
        line: 1,
        title: `${r.name}: teardown`,
        message: `${r.teardown.failures.length} resource(s) could not be removed (lab clean --run ${r.runId}):\n${r.teardown.failures.join("\n")}`,
      });
  }

  private path(file: string): string {
    const rel = relative(this.workspace, file);
    return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : file;
  }

  private write(level: "error" | "warning", a: Annotation): void {
    this.out.write(`${workflowCommand(level, a)}\n`);
  }
}

export interface Annotation {
  file?: string;
  line?: number;
  title?: string;
  message: string;
}

/** `::error file=…,line=…,title=…::message`, escaped as GitHub's runner reads it. */
export function workflowCommand(level: "error" | "warning" | "notice", a: Annotation): string {
  const props = [
    a.file !== undefined ? `file=${escapeProperty(a.file)}` : "",
    a.line !== undefined ? `line=${a.line}` : "",
    a.title !== undefined ? `title=${escapeProperty(a.title)}` : "",
  ].filter(Boolean);
  return `::${level}${props.length ? ` ${props.join(",")}` : ""}::${escapeData(a.message)}`;
}

/** The message: % first, then CR and LF. */
export const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");

/** A property value: as data, plus ":" and ",", which end a property. */
export const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
