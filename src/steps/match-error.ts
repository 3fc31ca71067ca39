import { isRegex } from "../scenario/rules.js";

/** `error:` of an expect-fail step: a case-insensitive substring, or `/regex/`. */
export function matchesError(expected: string | undefined, actual: string): boolean {
  if (expected === undefined) return true;
  if (isRegex(expected)) return new RegExp(expected.slice(1, -1)).test(actual);
  return actual.toLowerCase().includes(expected.toLowerCase());
}
