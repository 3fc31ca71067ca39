import { Type, type SchemaOptions, type Static, type TSchema, type TUnsafe } from "@sinclair/typebox";

/**
 * Small builders over TypeBox for what the published schema says in ways TypeBox has no
 * builder for (a `$ref` into `$defs`, a string `enum`, a bare `const`, a map keyed by a
 * name pattern), each keeping the static type of what it describes.
 */

const names = new WeakMap<TSchema, string>();

/** A schema published under `$defs/<name>`; `ref` points at it. */
export function def<T extends TSchema>(name: string, schema: T): T {
  names.set(schema, name);
  return schema;
}

export const defName = (schema: TSchema): string => {
  const name = names.get(schema);
  if (name === undefined) throw new Error("a $ref to a schema that is not a def");
  return name;
};

/** `{ $ref: "#/$defs/<name>" }`, typed as the def it points at. */
export const ref = <T extends TSchema>(target: T, options: SchemaOptions = {}): TUnsafe<Static<T>> =>
  Type.Unsafe<Static<T>>({ $ref: `#/$defs/${defName(target)}`, ...options });

/** `{ type: "string", enum: [...] }`: ajv says "must be one of", where a union of literals would say less. */
export const StringEnum = <const V extends readonly string[]>(values: V, options: SchemaOptions = {}): TUnsafe<V[number]> =>
  Type.Unsafe<V[number]>({ type: "string", enum: [...values], ...options });

/** `{ const: v }` without a `type`, so a wrong value is told the one value allowed. */
export const Const = <const V extends string | number | boolean>(value: V, options: SchemaOptions = {}): TUnsafe<V> =>
  Type.Unsafe<V>({ const: value, ...options });

/** A format-only schema, such as `{ format: "ipv4" }` inside an `anyOf`. */
export const Format = (format: string, options: SchemaOptions = {}): TUnsafe<string> => Type.Unsafe<string>({ format, ...options });

/**
 * A map whose keys are names (`containers`, `files`, `labels`): `propertyNames` refuses a
 * bad key with its own message, `patternProperties` gives editors the value's schema.
 */
export const NameMap = <V extends TSchema>(
  keyPattern: string,
  value: V,
  options: SchemaOptions & { propertyNames: object },
): TUnsafe<Record<string, Static<V>>> =>
  Type.Unsafe<Record<string, Static<V>>>({ type: "object", ...options, patternProperties: { [keyPattern]: value }, additionalProperties: false });

const expected = new Map<string, string>();

/**
 * A string with a pattern, and the sentence that says what it wants when a value does not
 * match: schema-diagnostics tells authors that, not the regular expression.
 */
export function Pattern(pattern: string, expectation: string | undefined, options: SchemaOptions = {}): ReturnType<typeof Type.String> {
  if (expectation !== undefined) {
    const before = expected.get(pattern);
    if (before !== undefined && before !== expectation) throw new Error(`pattern ${pattern} is declared with two expectations`);
    expected.set(pattern, expectation);
  }
  return Type.String({ ...options, pattern });
}

/** What a declared pattern wants, in an author's words; undefined when none was declared. */
export const expectationOf = (pattern: string): string | undefined => expected.get(pattern);
