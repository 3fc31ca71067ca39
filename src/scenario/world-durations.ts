import { formatDuration, parseDuration } from "./duration.js";
import type { DocPath, SourceFile } from "./source-file.js";
import { loadSchema } from "./schema.js";

/**
 * The bounds of every duration (docs/scenario-format.md). Zero would fail a step or a
 * scenario at once; beyond 24 h a timer overflows (Node's setTimeout fires after 1 ms
 * past 2^31 - 1 ms, about 24.8 days) and no lab waits that long anyway.
 */
export const DURATION_BOUNDS = { minMs: 1, maxMs: 24 * 3_600_000 } as const;

/** Maps whose keys are the user's own (an environment variable may well be called `timeout`). */
const USER_MAPS = new Set(["environment", "labels", "files"]);

let keys: Set<string> | undefined;
/** The keys whose values are durations, read from the schema: a new duration key is bounded without a change here. */
function durationKeys(): Set<string> {
  if (keys) return keys;
  keys = new Set();
  const stack: unknown[] = [loadSchema()];
  while (stack.length > 0) {
    const node = stack.pop();
    if (node === null || typeof node !== "object") continue;
    const properties = (node as { properties?: Record<string, unknown> }).properties;
    if (properties) for (const [key, value] of Object.entries(properties)) if ((value as { $ref?: string })?.$ref === "#/$defs/duration") keys.add(key);
    stack.push(...Object.values(node));
  }
  return keys;
}

/** Every duration in the document within its bounds, each finding at its value. Iterative. */
export function checkDurations(source: SourceFile, raw: unknown): void {
  const known = durationKeys();
  const stack: [unknown, DocPath][] = [[raw, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop()!;
    if (Array.isArray(node)) node.forEach((item, i) => stack.push([item, [...path, i]]));
    else if (node !== null && typeof node === "object") {
      for (const [key, value] of Object.entries(node)) {
        if (USER_MAPS.has(key)) continue;
        if (known.has(key) && typeof value === "string") check(source, [...path, key], key, value);
        else stack.push([value, [...path, key]]);
      }
    }
  }
}

function check(source: SourceFile, path: DocPath, key: string, text: string): void {
  const ms = parseDuration(text);
  if (ms === undefined) return; // Not a duration at all: the schema says so.
  const bounds = `durations run from ${formatDuration(DURATION_BOUNDS.minMs)} to ${DURATION_BOUNDS.maxMs / 3_600_000}h`;
  if (ms < DURATION_BOUNDS.minMs) source.report("E_DURATION", path, `${key} "${text}" is no time at all: ${bounds}`);
  else if (ms > DURATION_BOUNDS.maxMs) source.report("E_DURATION", path, `${key} "${text}" is too long: ${bounds}`);
}
