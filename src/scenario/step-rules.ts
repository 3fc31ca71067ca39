import { besideKeys, isStepKind, kindOfBesideKey, knownStepKinds, stepKind } from "../steps/step-table.js";
import type { StepCheck } from "../steps/step-check.js";
import { isRegex, patternProblem } from "../steps/text-match.js";
import { listOf } from "./did-you-mean.js";
import { COMMON_STEP_KEYS, type RawScenario } from "./raw.js";
import { checkCommand, unknownName } from "./rules.js";
import type { DocPath, SourceFile } from "./source-file.js";

/** The world's reference checks that steps use, from rules.ts. */
export interface WorldNames {
  container(path: DocPath, name: unknown, what?: string): void;
  network(path: DocPath, name: unknown, allowDefault: boolean): void;
  containerNames: readonly string[];
  /** Check mode: names the file does not declare are the engine's (rules.ts). */
  open?: boolean;
}

const isIp = (text: string): boolean => /^\d{1,3}(\.\d{1,3}){3}$/.test(text) || text.includes(":");

/**
 * The checks of each step: one kind key, `error` and `reason` only with `expect: fail` (`reason` on a network probe) and a valid
 * pattern, then the kind's own checks (step-kind.ts), which report below the kind's key.
 * The step lists a kind brings (a task's `solution:` and `check:`) are checked the same way,
 * at their own positions.
 */
export function checkSteps(source: SourceFile, raw: RawScenario, names: WorldNames, stepKinds: readonly string[]): void {
  checkStepList(source, raw.steps ?? [], ["steps"], names, stepKinds, (i) => `step ${i + 1}`);
}

function checkStepList(
  source: SourceFile,
  list: unknown,
  base: DocPath,
  names: WorldNames,
  stepKinds: readonly string[],
  label: (index: number) => string,
  within?: string,
): void {
  if (!Array.isArray(list)) return;
  const notKinds = [...COMMON_STEP_KEYS, ...besideKeys()] as string[];
  (list as RawScenario["steps"] & unknown[]).forEach((step, index) => {
    if (step === null || typeof step !== "object" || Array.isArray(step)) return;
    const at = (...rest: (string | number)[]): DocPath => [...base, index, ...rest];
    const name = label(index);
    const kinds = Object.keys(step).filter((k) => !notKinds.includes(k));
    if (kinds.length === 0) {
      source.report("E_STEP_KIND", at(), `${name} has no kind; add one of ${listOf(stepKinds)}`);
      return;
    }
    if (kinds.length > 1) {
      source.report(
        "E_STEP_KIND",
        at(kinds[1]!),
        `${name} has more than one kind (${listOf(kinds, "and")}); a step does one thing, so split it into ${kinds.length} steps`,
        { key: true },
      );
      return;
    }
    const kind = kinds[0]!;
    if (step.error !== undefined && step.expect !== "fail") {
      source.report("E_ERROR_WITHOUT_FAIL", at("error"), `${name} has "error" but does not expect a failure; add \`expect: fail\` or remove "error"`, {
        key: true,
      });
    }
    if (step.reason !== undefined && step.expect !== "fail") {
      source.report(
        "E_REASON_WITHOUT_FAIL",
        at("reason"),
        `step ${index + 1} has "reason" but does not expect a failure; add \`expect: fail\` or remove "reason"`,
        { key: true },
      );
    } else if (step.reason !== undefined && isStepKind(kind) && !stepKind(kind).network) {
      source.report(
        "E_REASON_KIND",
        at("reason"),
        `step ${index + 1} is a "${kind}" step, whose failures have no classified reason; "reason" is for ${listOf(networkKinds())} probes`,
        { key: true },
      );
    }
    if (typeof step.error === "string" && isRegex(step.error)) {
      const problem = patternProblem(step.error.slice(1, -1));
      if (problem) source.report("E_REGEX", at("error"), `"error" in ${name} is not a valid regular expression: ${problem}`);
    }
    for (const key of Object.keys(step).filter((k) => besideKeys().includes(k))) {
      const owner = kindOfBesideKey(key);
      if (owner !== kind) source.report("E_STEP_KEY", at(key), `"${key}" belongs to a ${owner} step; ${name} is a "${kind}" step`, { key: true });
    }
    if (within !== undefined && kind === within) {
      source.report("E_STEP_KIND", at(kind), `${name} is a ${kind} inside a ${within}; a ${within}'s steps are actions and probes`, { key: true });
      return;
    }
    if (!isStepKind(kind)) return;
    const args = step[kind];
    const k = stepKind(kind);
    for (const key of Object.keys(k.stepKeys ?? {})) {
      checkStepList(source, step[key], at(key), names, stepKinds, (i) => `step ${i + 1} of the ${key} of ${name}`, kind);
    }
    // A map kind given something else was refused by the schema: there is nothing to check in it.
    if (k.args.type === "object" && (args === null || typeof args !== "object" || Array.isArray(args))) return;
    // The one widening: a check also sees documents the schema refused, and guards what it reads (StepCheck).
    const check = k.check as ((written: unknown, c: StepCheck) => void) | undefined;
    check?.(
      args,
      stepCheck(source, at(kind), index, kind, names, (key) => step[key]),
    );
  });
}

/** The network probes, whose failures carry a reason. */
const networkKinds = (): string[] => knownStepKinds().filter((k) => stepKind(k).network);

/** The kinds that may run from the machine of the engine (`from: host`). */
const hostKinds = (): string[] => knownStepKinds().filter((k) => stepKind(k).fromHost);

function stepCheck(source: SourceFile, base: DocPath, index: number, kind: string, names: WorldNames, beside: (key: string) => unknown): StepCheck {
  const path = (rest: DocPath): DocPath => [...base, ...rest];
  const container = (p: DocPath, name: unknown, what?: string): void => names.container(path(p), name, what);
  return {
    index,
    report: (code, p, message, options) => source.report(code, path(p), message, options),
    container,
    network: (p, name, allowDefault) => names.network(path(p), name, allowDefault),
    from(p, from) {
      if (from !== "host") return container(p, from);
      if (!stepKind(kind).fromHost)
        source.report("E_FROM_HOST", path(p), `a "${kind}" probe runs inside a container; \`from: host\` is for ${listOf(hostKinds())} probes`);
    },
    containerOrIp(p, value) {
      if (typeof value === "string" && !isIp(value) && names.open) return names.container(path(p), value);
      if (typeof value === "string" && !isIp(value) && !names.containerNames.includes(value)) {
        source.report(
          "E_UNKNOWN_CONTAINER",
          path(p),
          unknownName("container", value, [...names.containerNames], "addresses (a container name or an IP address)"),
        );
      }
    },
    regex(p, pattern) {
      if (typeof pattern !== "string") return;
      const problem = patternProblem(pattern);
      if (problem) source.report("E_REGEX", path(p), `"${pattern}" is not a valid regular expression: ${problem}`);
    },
    command: (p, command) => checkCommand(source, path(p), command),
    beside,
  };
}
