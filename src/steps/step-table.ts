import { ACTIONS } from "../actions/action-table.js";
import { InputError } from "../errors.js";
import { PROBES } from "../probes/probe-table.js";
import { listOf } from "../scenario/did-you-mean.js";
import type { StepKind } from "./step-kind.js";

const TABLE = new Map<string, StepKind<unknown>>([...PROBES, ...ACTIONS].map((k) => [k.kind, k as StepKind<unknown>]));

export const knownStepKinds = (): string[] => [...TABLE.keys()];

/** The implementation of a step kind; an unknown kind answers with the known ones. */
export function stepKind(kind: string): StepKind<unknown> {
  const found = TABLE.get(kind);
  if (!found) throw new InputError("E_STEP_KIND", `step kind "${kind}" is not implemented; known kinds: ${listOf(knownStepKinds())}`);
  return found;
}
