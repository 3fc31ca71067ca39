import { describe, expect, it } from "vitest";
import { COMMON_STEP_KEYS } from "../src/scenario/raw.js";
import { loadSchema } from "../src/scenario/schema.js";
import { besideKeys, knownStepKinds, stepKind } from "../src/steps/step-table.js";

describe("the step table", () => {
  it("implements exactly the step kinds of the schema", () => {
    const step = (loadSchema().$defs as Record<string, { properties: object }>).step;
    const kinds = Object.keys(step.properties).filter((k) => !(COMMON_STEP_KEYS as readonly string[]).includes(k) && !besideKeys().includes(k));
    expect(kinds).toEqual(knownStepKinds());
  });

  it("answers an unknown kind with the known ones", () => {
    expect(() => stepKind("wait")).toThrow(/step kind "wait" is not implemented; known kinds: "resolve", "tcp",/);
  });
});
