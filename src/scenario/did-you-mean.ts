/** Longer words are not typos of a name; comparing them would only cost time. */
const MAX_WORD = 64;
/** Enough candidates for any real scenario; beyond it a suggestion is not worth the time. */
const MAX_CANDIDATES = 2_000;

/**
 * The closest candidate to `word`, or undefined when none is close enough to be a typo.
 * Cheap whatever the input: a candidate whose length alone rules it out is skipped, and the
 * distance is computed only within the band of the allowed edits, so one look costs at most
 * MAX_CANDIDATES × length × band steps.
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_WORD) return undefined;
  const limit = Math.max(2, Math.floor(word.length / 3));
  const w = word.toLowerCase();
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (let i = 0; i < candidates.length && i < MAX_CANDIDATES; i++) {
    const candidate = candidates[i]!;
    if (Math.abs(candidate.length - word.length) >= bestDistance) continue;
    const d = distance(w, candidate.toLowerCase(), bestDistance - 1);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best;
}

/**
 * Levenshtein distance, counting a swap of two neighbours as one edit (ports -> prots); any
 * result above `max` is returned as `max + 1`. Three rows, and only the cells within `max`
 * of the diagonal.
 */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const big = max + 1;
  let before = new Array<number>(b.length + 1).fill(big);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => (j <= max ? j : big));
  let row = new Array<number>(b.length + 1).fill(big);
  for (let i = 1; i <= a.length; i++) {
    row.fill(big);
    row[0] = i <= max ? i : big;
    let least = row[0]!;
    for (let j = Math.max(1, i - max); j <= Math.min(b.length, i + max); j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      row[j] = v;
      least = Math.min(least, v);
    }
    if (least > max) return big;
    [before, prev, row] = [prev, row, before];
  }
  return Math.min(prev[b.length]!, big);
}

/** At most this many items are named in one message (more than the step kinds); the rest are counted. */
const MAX_LISTED = 50;

/** `"a", "b" or "c"`: a readable list for messages; a long one ends with how many more there are. */
export const listOf = (items: readonly string[], word = "or"): string => {
  if (items.length > MAX_LISTED)
    return `${items
      .slice(0, MAX_LISTED)
      .map((i) => `"${i}"`)
      .join(", ")} ${word} ${items.length - MAX_LISTED} more`;
  const quoted = items.map((i) => `"${i}"`);
  return quoted.length <= 1 ? quoted.join("") : `${quoted.slice(0, -1).join(", ")} ${word} ${quoted.at(-1)}`;
};
