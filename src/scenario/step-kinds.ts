import { COMMON_STEP_KEYS } from "./raw.js";

/**
 * The step kinds, read from the schema itself so the two cannot drift: the properties of
 * the step object, minus the keys every step shares.
 */
export function stepKindsOf(schema: Record<string, unknown>): string[] {
  const defs = (schema.$defs ?? {}) as Record<string, unknown>;
  const deref = (s: unknown): Record<string, unknown> => {
    const ref = (s as { $ref?: string }).$ref;
    return (ref ? defs[ref.replace("#/$defs/", "")] : s) as Record<string, unknown>;
  };
  const steps = deref((schema.properties as Record<string, unknown>).steps);
  const step = deref(steps.items);
  return Object.keys(step.properties as object).filter((k) => !(COMMON_STEP_KEYS as readonly string[]).includes(k));
}
