// The ahead-of-time compiled validator (ajv standalone code, written by the build) must
// answer exactly as the validator compiled at run time: schema-diagnostics reads ajv's
// verbose fields (schema, parentSchema, data), so the whole error objects are compared.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type { ValidateFunction } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { compileSchema, loadSchema, schemaValidator } from "../src/scenario/schema.js";

const require = createRequire(import.meta.url);
const FIXTURES = join(import.meta.dirname, "fixtures");

/** Generates the standalone module as the build does, and loads it as node would. */
function standalone(): ValidateFunction {
  const standaloneCode = (require("ajv/dist/standalone") as { default: (ajv: unknown, v: unknown) => string }).default;
  const { ajv, validate } = compileSchema(loadSchema(), { source: true });
  const module = { exports: {} as { default: ValidateFunction } };
  new Function("require", "module", "exports", standaloneCode(ajv, validate))(require, module, module.exports);
  return module.exports.default;
}

const documents = (): [string, unknown][] =>
  ["valid", "invalid"].flatMap((dir) =>
    readdirSync(join(FIXTURES, dir))
      .filter((f) => f.endsWith(".yaml"))
      .flatMap((f): [string, unknown][] => {
        try {
          return [[`${dir}/${f}`, parse(readFileSync(join(FIXTURES, dir, f), "utf8"))]];
        } catch {
          return []; // a YAML error never reaches the schema
        }
      }),
  );

describe("ahead-of-time compiled schema validator", () => {
  const aot = standalone();
  const runtime = compileSchema(loadSchema()).validate;
  const docs = documents();

  it("sees the whole corpus, and the corpus has schema errors to compare", () => {
    expect(docs.length).toBeGreaterThan(40);
    expect(docs.filter(([, d]) => !runtime(d)).length).toBeGreaterThan(20);
  });

  it.each(docs)("%s: same verdict and same error objects", (_, doc) => {
    const expected = runtime(doc);
    const expectedErrors = structuredClone(runtime.errors);
    expect(aot(doc)).toBe(expected);
    expect(aot.errors ?? null).toEqual(expectedErrors ?? null);
  });

  it("is what schemaValidator() gives when run from src/ (no generated file there)", () => {
    const v = schemaValidator();
    expect(v({ name: "x", steps: [] })).toBe(runtime({ name: "x", steps: [] }));
    expect(v({ nme: "x" })).toBe(false);
  });
});
