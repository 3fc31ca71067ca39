import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { ErrorObject, Options, ValidateFunction } from "ajv";

import { SCHEMA_URL } from "./schema-url.js";

export type SchemaError = ErrorObject;

/** The ajv options of the validator; `verbose` gives schema-diagnostics its `schema`, `parentSchema` and `data`. */
export const AJV_OPTIONS = { allErrors: true, verbose: true, strict: true } as const satisfies Options;

/**
 * Built by `npm run build` (scripts/compile-schema.mjs) beside the compiled schema.js. Written
 * as a path from dist/'s sub-folders so that it holds from dist/scenario/ and from the CLI
 * bundle in dist/bundle/ (scripts/bundle.mjs).
 */
export const GENERATED_VALIDATOR = "../scenario/schema-validator.generated.cjs";

const require = createRequire(import.meta.url);

let compiled: ValidateFunction | undefined;
let text: string | undefined;
let schema: Record<string, unknown> | undefined;

const schemaText = (): string => (text ??= readFileSync(SCHEMA_URL, "utf8"));

export const loadSchema = (): Record<string, unknown> => (schema ??= JSON.parse(schemaText()) as Record<string, unknown>);

/** What a generated validator was built from: the schema's text and the options. A different key means it is stale. */
export const schemaKey = (schemaSource: string): string =>
  createHash("sha256").update(JSON.stringify(AJV_OPTIONS)).update("\0").update(schemaSource).digest("hex");

/**
 * The validator, once per process. The ahead-of-time compiled one (ajv standalone code)
 * when it was built from this very schema: compiling at every start cost about 90 ms and
 * loading ajv another 60. Otherwise (running from src/, or a schema edited since the
 * build) it is compiled here, with the same options, so the errors are the same.
 */
export function schemaValidator(): ValidateFunction {
  return (compiled ??= precompiled() ?? compileSchema(loadSchema()).validate);
}

function precompiled(): ValidateFunction | undefined {
  let generated: { default: ValidateFunction; schemaKey?: string };
  try {
    generated = require(GENERATED_VALIDATOR) as typeof generated;
  } catch (error) {
    if ((error as { code?: string }).code === "MODULE_NOT_FOUND") return undefined;
    throw error;
  }
  return generated.schemaKey === schemaKey(schemaText()) ? generated.default : undefined;
}

/**
 * Compiles the schema with ajv (loaded only here). `source: true` keeps the code for
 * `standaloneCode`, which is how the build writes the generated validator.
 */
export function compileSchema(root: Record<string, unknown>, o: { source?: boolean } = {}): { ajv: import("ajv").default; validate: ValidateFunction } {
  const { Ajv2020 } = require("ajv/dist/2020.js") as typeof import("ajv/dist/2020.js");
  const addFormats = require("ajv-formats") as typeof import("ajv-formats").default;
  const ajv = new Ajv2020({ ...AJV_OPTIONS, ...(o.source ? { code: { source: true } } : {}) });
  addFormats(ajv);
  return { ajv, validate: ajv.compile(root) };
}
