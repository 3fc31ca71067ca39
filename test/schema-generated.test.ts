import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { scenarioSchema, scenarioSchemaText } from "../src/scenario/scenario-schema.js";
import { compileSchema } from "../src/scenario/schema.js";
import { knownStepKinds, stepKind } from "../src/steps/step-table.js";

const published = (): string => readFileSync(new URL("../schema/scenario.schema.json", import.meta.url), "utf8");

describe("the published schema", () => {
  it("is the one the declarations generate (run `npm run build` after changing a kind or a section)", () => {
    expect(published()).toBe(scenarioSchemaText());
  });

  it("is byte-stable: generating twice gives the same text, ending in one newline", () => {
    const text = scenarioSchemaText();
    expect(scenarioSchemaText()).toBe(text);
    expect(text.endsWith("}\n")).toBe(true);
    expect(text.endsWith("\n\n")).toBe(false);
  });

  it("publishes each kind's own declaration under $defs/step", () => {
    const step = (scenarioSchema().$defs as Record<string, { properties: Record<string, unknown> }>).step!;
    for (const kind of knownStepKinds()) expect(JSON.parse(JSON.stringify(step.properties[kind]))).toEqual(JSON.parse(JSON.stringify(stepKind(kind).args)));
  });

  it("compiles in ajv strict mode", () => {
    expect(() => compileSchema(scenarioSchema())).not.toThrow();
  });
});
