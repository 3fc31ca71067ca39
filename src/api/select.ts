import { createHash } from "node:crypto";
import { InputError } from "../errors.js";
import type { Scenario } from "../scenario/types.js";

export interface Selection {
  /** Scenarios with any of these tags. */
  tags?: string[];
  /** A regular expression matched against scenario names and step names. */
  grep?: string;
  /** `i/n`, 1-based: the i-th of n shares of what `tags` and `grep` selected. */
  shard?: string;
}

/**
 * `--tag`, `--grep` and `--shard`. A tag or grep that matches nothing is a usage error; an
 * empty shard is not (a CI matrix may have more runners than scenarios) and yields [].
 */
export function select(scenarios: Scenario[], s: Selection): Scenario[] {
  let out = scenarios;
  if (s.tags?.length) out = out.filter((sc) => sc.tags.some((t) => s.tags!.includes(t)));
  if (s.grep !== undefined) {
    const re = grepOf(s.grep);
    out = out.filter((sc) => re.test(sc.name) || sc.steps.some((st) => re.test(st.name)));
  }
  if (out.length === 0 && scenarios.length > 0 && (s.tags?.length || s.grep !== undefined)) {
    const what = [s.tags?.length ? `--tag ${s.tags.join(", ")}` : "", s.grep !== undefined ? `--grep ${JSON.stringify(s.grep)}` : ""]
      .filter(Boolean)
      .join(" and ");
    throw new InputError("E_NOTHING_TO_RUN", `No scenario matches ${what} (of ${scenarios.length} found); \`lab list\` shows their names and tags.`);
  }
  if (s.shard !== undefined) {
    const { index, count } = parseShard(s.shard);
    out = shareOf(out, index, count);
  }
  return out;
}

/** `i/n` -> 0-based index and count, or a usage error. */
export function parseShard(text: string): { index: number; count: number } {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (!m || n < 1 || i < 1 || i > n)
    throw new InputError("E_USAGE", `--shard ${JSON.stringify(text)} is not valid: write i/n with 1 <= i <= n, e.g. --shard 2/3`);
  return { index: i - 1, count: n };
}

/**
 * The share of one CI runner. The scenarios are ordered by a hash of their names and dealt
 * out in turn, so the shares differ by at most one scenario, every scenario lands in exactly
 * one share, and the split depends only on the names: not on file order, paths or machine.
 */
export function shareOf<T extends { name: string }>(items: T[], index: number, count: number): T[] {
  const keyed = items.map((item) => ({ item, key: createHash("sha1").update(item.name).digest("hex") }));
  keyed.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.item.name < b.item.name ? -1 : a.item.name > b.item.name ? 1 : 0));
  const mine = new Set(keyed.filter((_, k) => k % count === index).map((k) => k.item));
  // The run keeps the order of the files, which is the order people read.
  return items.filter((item) => mine.has(item));
}

function grepOf(text: string): RegExp {
  try {
    return new RegExp(text);
  } catch (e) {
    throw new InputError("E_USAGE", `--grep ${JSON.stringify(text)} is not a valid regular expression: ${(e as Error).message}`);
  }
}
