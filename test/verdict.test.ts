// The one place a scenario's status, error and exit code are decided, as a table over what
// the phases saw; and the run's exit code from its scenarios.
import { describe, expect, it } from "vitest";
import { runExitCode, verdict, type VerdictInput } from "../src/api/verdict.js";
import { AbortedError, EngineError, EnvironmentError, ScenarioError } from "../src/errors.js";
import { step } from "./support/results.js";

const passed = [step({ index: 1, name: "a" })];
const failedStep = [step({ index: 1, name: "a", status: "failed", message: "no" })];
const timeout = new AbortedError("the scenario ran past its timeout of 1s");
const lost = new EnvironmentError("E_NO_ENGINE", "Lost the Docker engine at unix:///var/run/docker.sock (ECONNREFUSED). Is it still running?");
const base: VerdictInput = { steps: passed, aborted: false, drift: [], teardownFailures: [] };

const table: [string, Partial<VerdictInput>, ReturnType<typeof verdict>][] = [
  ["every step passed", {}, { status: "passed", error: undefined, exitCode: 0 }],
  ["a step failed", { steps: failedStep }, { status: "failed", error: undefined, exitCode: 1 }],
  [
    "the timeout cut a step off",
    { steps: failedStep, aborted: true, abortReason: timeout },
    { status: "failed", error: { code: "E_ABORTED", message: timeout.message }, exitCode: 1 },
  ],
  [
    "the timeout cut the provisioning off",
    { steps: [], thrown: timeout, aborted: true, abortReason: timeout },
    { status: "failed", error: { code: "E_ABORTED", message: timeout.message }, exitCode: 1 },
  ],
  [
    "an engine error during an abort is the abort's doing",
    { steps: [], thrown: new EngineError("container stopped"), aborted: true, abortReason: timeout },
    { status: "failed", error: { code: "E_ENGINE", message: timeout.message }, exitCode: 1 },
  ],
  [
    "an interrupt (not a timeout) says its own reason",
    { steps: [], aborted: true, abortReason: new Error("--bail: an earlier scenario failed") },
    { status: "failed", error: { code: "E_ABORTED", message: "--bail: an earlier scenario failed" }, exitCode: 1 },
  ],
  [
    "the engine was lost mid-step",
    { steps: failedStep, thrown: lost },
    { status: "error", error: { code: "E_NO_ENGINE", message: lost.message }, exitCode: 3 },
  ],
  [
    "the provisioning was refused",
    { steps: [], thrown: new EnvironmentError("E_PROVISION", 'Starting container "a" failed: port is already allocated') },
    { status: "error", error: { code: "E_PROVISION", message: 'Starting container "a" failed: port is already allocated' }, exitCode: 3 },
  ],
  [
    "a readiness wait ran out",
    { steps: [], thrown: new ScenarioError("E_NOT_READY", 'container "a" did not become healthy within 1s (wait.timeout)') },
    { status: "failed", error: { code: "E_NOT_READY", message: 'container "a" did not become healthy within 1s (wait.timeout)' }, exitCode: 1 },
  ],
  [
    "a bug in lab",
    { steps: [], thrown: new TypeError("x is undefined") },
    { status: "failed", error: { code: "E_INTERNAL", message: "x is undefined" }, exitCode: 1 },
  ],
  [
    "the world drifted",
    { steps: failedStep, drift: ['container "a" was removed, though no step removed it', 'network "n" was removed, though lab did not remove it'] },
    {
      status: "failed",
      error: {
        code: "E_WORLD_CHANGED",
        message:
          'the scenario\'s world changed behind lab\'s back: container "a" was removed, though no step removed it; network "n" was removed, though lab did not remove it',
      },
      exitCode: 1,
    },
  ],
  [
    "drift does not hide what stopped the run",
    { steps: failedStep, aborted: true, abortReason: timeout, drift: ['container "a" stopped'] },
    { status: "failed", error: { code: "E_ABORTED", message: timeout.message }, exitCode: 1 },
  ],
  [
    "the teardown failed, the engine is there",
    { teardownFailures: ["network lab-x-n: has active endpoints"] },
    { status: "failed", error: undefined, exitCode: 1 },
  ],
  [
    "the teardown failed, the engine is gone",
    { teardownFailures: ["container lab-x-a: connect ECONNREFUSED"], lostAtTeardown: lost },
    { status: "error", error: { code: "E_NO_ENGINE", message: lost.message }, exitCode: 3 },
  ],
  [
    "the engine gone at the teardown does not hide a failed step's cause",
    { steps: failedStep, aborted: true, abortReason: timeout, teardownFailures: ["x"], lostAtTeardown: lost },
    { status: "error", error: { code: "E_ABORTED", message: timeout.message }, exitCode: 3 },
  ],
];

describe("verdict", () => {
  it.each(table)("%s", (_, input, expected) => {
    expect(verdict({ ...base, ...input })).toEqual(expected);
  });
});

describe("runExitCode", () => {
  it.each([
    [["passed", "passed"], 2, 0],
    [["passed", "failed"], 2, 1],
    [["failed", "error"], 2, 3],
    [["error"], 3, 3],
    [["passed"], 2, 1],
    [[], 0, 0],
  ] as const)("%j of %i planned: exit %i", (statuses, planned, code) => {
    expect(runExitCode(statuses, planned)).toBe(code);
  });
});
