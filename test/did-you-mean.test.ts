import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { closest, listOf } from "../src/scenario/did-you-mean.js";

/** The plain quadratic definition the banded search must agree with. */
function reference(word: string, candidates: readonly string[]): string | undefined {
  const dist = (a: string, b: string): number => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) {
        let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
        d[i]![j] = v;
      }
    return d[a.length]![b.length]!;
  };
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = dist(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

describe("did-you-mean", () => {
  it("suggests what the full edit distance suggests", () => {
    const word = fc.string({ unit: fc.constantFrom("a", "b", "c", "d", "-"), maxLength: 14 });
    fc.assert(
      fc.property(word, fc.array(word, { maxLength: 12 }), (w, cs) => {
        expect(closest(w, cs)).toBe(reference(w, cs));
      }),
      { numRuns: 3_000 },
    );
  });

  it("keeps the typos it is for", () => {
    expect(closest("prots", ["ports", "image"])).toBe("ports");
    expect(closest("envirnoment", ["environment", "entrypoint"])).toBe("environment");
    expect(closest("zzzz", ["ports"])).toBeUndefined();
  });

  it("does not compare words no name could be a typo of", () => {
    expect(closest("a".repeat(65), ["a".repeat(64)])).toBeUndefined();
  });

  it("names at most 50 items in a list and counts the rest", () => {
    const names = Array.from({ length: 55 }, (_, i) => `c${i}`);
    expect(listOf(names)).toBe(
      `${names
        .slice(0, 50)
        .map((n) => `"${n}"`)
        .join(", ")} or 5 more`,
    );
    expect(listOf(["a", "b", "c"])).toBe(`"a", "b" or "c"`);
  });
});
