import { describe, expect, it } from "vitest";
import { loadSchema } from "../src/scenario/schema.js";
import { stepKindsOf } from "../src/scenario/step-kinds.js";
import { knownStepKinds, stepKind } from "../src/steps/step-table.js";

describe("the step table", () => {
  it("implements exactly the step kinds of the schema", () => {
    expect(knownStepKinds().sort()).toEqual(stepKindsOf(loadSchema()).sort());
  });

  it("answers an unknown kind with the known ones", () => {
    expect(() => stepKind("wait")).toThrow(/step kind "wait" is not implemented; known kinds: "resolve", "tcp",/);
  });
});
