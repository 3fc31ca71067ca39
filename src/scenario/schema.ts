import { readFileSync } from "node:fs";
import { Ajv2020, type ErrorObject, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

import { SCHEMA_URL } from "./schema-url.js";

export type SchemaError = ErrorObject;

let compiled: ValidateFunction | undefined;

let schema: Record<string, unknown> | undefined;

export const loadSchema = (): Record<string, unknown> => (schema ??= JSON.parse(readFileSync(SCHEMA_URL, "utf8")) as Record<string, unknown>);

/** The compiled validator, built once per process. */
export function schemaValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, verbose: true, strict: true });
    addFormats.default(ajv);
    compiled = ajv.compile(loadSchema());
  }
  return compiled;
}
