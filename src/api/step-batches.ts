import type { PlannedStep } from "../plan/plan.js";
import { stepKind } from "../steps/step-table.js";

/**
 * Whether a step may start together with its neighbours: a probe of a kind that declares
 * itself read-only, expected to pass, not marked `serial`. Everything else is a barrier: an
 * action or an `exec` changes the world; an `expect: fail` step must see the world after the
 * pass steps before it confirmed it; a kind that does not declare `readOnly` (a new kind
 * included) is a barrier by default.
 */
export const runsSideBySide = (p: PlannedStep, scenarioSerial = false): boolean =>
  !scenarioSerial && p.step.serial !== true && p.step.expect === "pass" && stepKind(p.step.kind).readOnly === true;

/**
 * The steps in file order, cut into batches that start together: each run of consecutive
 * side-by-side steps is one batch, every other step a batch of its own. A batch starts once
 * the one before it has ended.
 */
export function stepBatches(steps: PlannedStep[], scenarioSerial = false): PlannedStep[][] {
  const batches: PlannedStep[][] = [];
  let open: PlannedStep[] | undefined;
  for (const p of steps) {
    if (runsSideBySide(p, scenarioSerial)) {
      if (!open) batches.push((open = []));
      open.push(p);
    } else {
      open = undefined;
      batches.push([p]);
    }
  }
  return batches;
}
