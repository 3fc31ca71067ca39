/** Where something is in a scenario file, 1-based like editors show it. */
export interface SourcePosition {
  file: string;
  line: number;
  col: number;
}

/** One problem in a scenario file: `file:line:col: message`. */
export interface Diagnostic extends SourcePosition {
  code: string;
  /** The path inside the document, e.g. `containers.web.ports[0]`. */
  path: string;
  message: string;
  /**
   * `warning`: the file is valid, but the engine will refuse what it says here; a step expects
   * that refusal, so it is the lesson. Absent: an error, and the file is refused.
   */
  severity?: "warning";
}

export const formatDiagnostic = (d: Diagnostic): string => `${d.file}:${d.line}:${d.col}: ${d.severity === "warning" ? "warning: " : ""}${d.message}`;

/** Exit codes of the CLI, as documented in docs/cli.md. */
export const ExitCode = { passed: 0, failed: 1, input: 2, environment: 3 } as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Base of every error a user can cause or meet: it carries a stable code and an exit code. */
export class LabError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly exitCode: ExitCode,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** Invalid input or usage (exit 2): never reaches the engine. */
export class InputError extends LabError {
  constructor(code: string, message: string) {
    super(code, message, ExitCode.input);
  }
}

/** One or more scenario files are invalid; every problem is listed, not just the first. */
export class ValidationError extends LabError {
  constructor(readonly diagnostics: Diagnostic[]) {
    super("E_INVALID", diagnostics.map(formatDiagnostic).join("\n"), ExitCode.input);
  }
}

/** The environment failed (exit 3): no engine, an image that cannot be had, an engine error outside any step. */
export class EnvironmentError extends LabError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, ExitCode.environment, options);
  }
}

/** The engine refused or failed an operation; `status` is the HTTP status of the Engine API when known. */
export class EngineError extends LabError {
  constructor(
    message: string,
    readonly status?: number,
    options?: { cause?: unknown },
  ) {
    super("E_ENGINE", message, ExitCode.environment, options);
  }
}

/** Thrown into running work when the run is interrupted or a scenario runs out of time. */
export class AbortedError extends LabError {
  constructor(readonly reason: string) {
    super("E_ABORTED", reason, ExitCode.failed);
  }
}

/** The scenario's world did not come up as declared (a readiness wait ran out): the scenario fails (exit 1). */
export class ScenarioError extends LabError {
  constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, ExitCode.failed, options);
  }
}

/** A probe could not observe at all (its probe container could not join the target): never a pass, whatever `expect` says. */
export class ProbeError extends LabError {
  constructor(message: string, options?: { cause?: unknown }) {
    super("E_PROBE", message, ExitCode.failed, options);
  }
}

/** The engine went away (its socket is gone or reset), found anywhere in an error's cause chain. */
export function lostEngine(error: unknown): LabError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 8; e = e.cause, depth++) {
    if (e instanceof LabError && e.code === "E_NO_ENGINE") return e;
  }
  return undefined;
}
