import type { StepKind } from "../steps/step-kind.js";
import { resolve } from "./resolve.js";
import { tcp } from "./tcp.js";

/** Every probe kind, one line each. */
export const PROBES: readonly StepKind<never>[] = [resolve, tcp] as StepKind<never>[];
