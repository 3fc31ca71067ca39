import { parseDocument } from "yaml";

/**
 * A scenario's text with every container and network name of it (wherever the text says it:
 * keys, steps, tasks, hints, comments) given a prefix, for the tests that need the file's own
 * names on the shared engine (`lab learn`, `lab check`) without colliding with a parallel run.
 * The engine's own networks (bridge, host, none) keep their names.
 */
export function withPrefix(text: string, prefix: string): { text: string; names: string[]; as: (name: string) => string } {
  const data = parseDocument(text).toJS() as Record<string, Record<string, unknown> | undefined>;
  const names = [...Object.keys(data.containers ?? {}), ...Object.keys(data.networks ?? {})].filter((n) => !["bridge", "host", "none"].includes(n));
  const as = (name: string): string => `${prefix}-${name}`;
  let out = text;
  for (const name of names) out = out.replace(new RegExp(`(?<![\\w.-])${name.replace(/[.]/g, "\\.")}(?![\\w-])`, "g"), as(name));
  out = out.replace(/^name: (.*)$/m, `name: $1-${prefix}`);
  return { text: out, names: names.map(as), as };
}
