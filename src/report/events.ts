import type { Topology } from "../graph/topology.js";
import type { FailureReason } from "../probes/failure-reason.js";
import type { MatrixResult } from "../probes/matrix-result.js";

/** Results are data: probes observe, the runner decides, reporters only read these. */
export type StepStatus = "passed" | "failed" | "skipped";
/** `skipped`: known not to hold on the run's engine (`known_differences`), so never provisioned. */
export type ScenarioStatus = "passed" | "failed" | "error" | "skipped";

export interface StepResult {
  index: number;
  name: string;
  kind: string;
  expect: "pass" | "fail";
  status: StepStatus;
  /** One sentence: what happened. */
  message: string;
  evidence: Record<string, string>;
  /** Why a network probe failed, when it failed (an expected failure too): nxdomain, refused, timeout, unreachable, no-probe, mismatch. */
  reason?: FailureReason;
  /** A reachability matrix: every cell, for the grid of the HTML report. */
  matrix?: MatrixResult;
  hint?: string;
  attempts: number;
  durationMs: number;
  line: number;
  /** The scenario's containers and networks that the step names: reports show their diagnostics beside it. */
  subjects?: string[];
}

export interface ResourceName {
  kind: "container" | "network";
  /** The scenario's name. */
  name: string;
  /** The engine's name. */
  real: string;
}

export interface ScenarioResult {
  name: string;
  file: string;
  description: string;
  tags: string[];
  runId: string;
  status: ScenarioStatus;
  /** Set when the scenario did not get to (or through) its steps: provisioning, timeout, interrupt. */
  error?: { code: string; message: string };
  steps: StepResult[];
  resources: ResourceName[];
  timings: {
    totalMs: number;
    provisionMs: number;
    stepsMs: number;
    teardownMs: number;
    engineMs?: number;
    engineCalls?: number;
    /** Where each probed container's probes ran: exec in the target itself, or a probe container (docs/scenario-format.md, "Probes"). */
    probes?: Record<string, "in place" | "probe container">;
  };
  teardown: { removed: number; failures: string[] };
  /** The engine's view when the scenario failed: container states, logs, network members. */
  diagnostics?: Record<string, string>;
  kept?: boolean;
}

export interface RunSummary {
  runId: string;
  scenarios: { passed: number; failed: number; skipped: number };
  steps: { passed: number; failed: number; skipped: number };
  durationMs: number;
  exitCode: number;
  /** The engine the run used (absent when nothing ran), so that runs across engines can be compared. */
  engine?: EngineFacts;
}

export interface EngineFacts {
  /** "Docker" or "Podman". */
  name: string;
  version: string;
  apiVersion: string;
  /** unix, npipe, tcp, tls or ssh. */
  transport: string;
  /** The address, as DOCKER_HOST or the context gives it. */
  endpoint: string;
}

export type RunEvent =
  | {
      type: "run-start";
      runId: string;
      scenarios: { name: string; file: string; steps: string[]; description?: string; tags?: string[]; topology?: Topology }[];
    }
  | { type: "scenario-start"; scenario: string; file: string }
  | { type: "phase"; scenario: string; phase: "provision" | "steps" | "teardown"; detail?: string }
  | { type: "progress"; scenario: string; line: string }
  | { type: "step-start"; scenario: string; index: number; name: string }
  | { type: "step-retry"; scenario: string; index: number; name: string; attempt: number; elapsedMs: number; message: string }
  | { type: "step-end"; scenario: string; result: StepResult }
  | { type: "scenario-end"; result: ScenarioResult }
  | { type: "notice"; message: string }
  | { type: "run-end"; summary: RunSummary; results: ScenarioResult[] };

/** A reporter: receives every event in order; `close` flushes files. */
export interface Reporter {
  onEvent(event: RunEvent): void;
  close?(): Promise<void>;
}
