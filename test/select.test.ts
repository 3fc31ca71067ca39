import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseShard, select, shareOf } from "../src/api/select.js";
import { InputError } from "../src/errors.js";
import type { Scenario } from "../src/scenario/types.js";

const scenario = (name: string, tags: string[] = [], steps: string[] = []): Scenario =>
  ({ name, tags, steps: steps.map((s) => ({ name: s })) }) as unknown as Scenario;

const SUITE = [
  scenario("dns", ["dns", "networks"], ["web finds db", "legacy cannot find db"]),
  scenario("ports", ["ports"], ["host reaches web"]),
  scenario("links", ["dns", "legacy"], ["linker resolves target"]),
  scenario("sealed", [], ["only lo"]),
];
const names = (s: Scenario[]): string[] => s.map((x) => x.name);

describe("--tag and --grep", () => {
  it("keeps scenarios with any of the tags, in file order", () => {
    expect(names(select(SUITE, { tags: ["dns"] }))).toEqual(["dns", "links"]);
    expect(names(select(SUITE, { tags: ["ports", "legacy"] }))).toEqual(["ports", "links"]);
  });

  it("matches the regex on scenario names and on step names", () => {
    expect(names(select(SUITE, { grep: "^li" }))).toEqual(["links"]);
    expect(names(select(SUITE, { grep: "finds db" }))).toEqual(["dns"]);
    expect(names(select(SUITE, { grep: "web" }))).toEqual(["dns", "ports"]);
  });

  it("combines tag and grep", () => {
    expect(names(select(SUITE, { tags: ["dns"], grep: "target" }))).toEqual(["links"]);
  });

  it("answers a selection that matches nothing with a usage error that says what was asked", () => {
    const attempt = (): Scenario[] => select(SUITE, { tags: ["nope"], grep: "x" });
    expect(attempt).toThrow(InputError);
    expect(attempt).toThrow('No scenario matches --tag nope and --grep "x" (of 4 found)');
    expect(() => select(SUITE, { grep: "(" })).toThrow(/--grep "\(" is not a valid regular expression/);
  });
});

describe("--shard", () => {
  it("parses i/n and refuses anything else", () => {
    expect(parseShard("2/3")).toEqual({ index: 1, count: 3 });
    for (const bad of ["0/3", "4/3", "1/0", "a/b", "1", "1/2/3", "-1/2"]) expect(() => parseShard(bad), bad).toThrow(/--shard .* is not valid: write i\/n/);
  });

  it("puts every scenario in exactly one share, and the shares differ by at most one", () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,12}$/), { maxLength: 40 }), fc.integer({ min: 1, max: 9 }), (list, n) => {
        const items = list.map((name) => ({ name }));
        const shares = Array.from({ length: n }, (_, i) => shareOf(items, i, n));
        const all = shares.flat().map((x) => x.name);
        expect([...all].sort()).toEqual([...list].sort());
        const sizes = shares.map((s) => s.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("depends only on the names: not on their order, and it keeps file order inside a share", () => {
    const items = ["a", "b", "c", "d", "e", "f", "g", "h"].map((name) => ({ name }));
    const reversed = [...items].reverse();
    for (let i = 0; i < 3; i++) {
      const share = names(shareOf(items, i, 3) as Scenario[]);
      expect(names(shareOf(reversed, i, 3) as Scenario[]).sort()).toEqual([...share].sort());
      expect(share).toEqual([...share].sort());
    }
  });

  it("applies after tag and grep, and an empty share is not an error", () => {
    const dns = select(SUITE, { tags: ["dns"] });
    const shares = [1, 2, 3].map((i) => names(select(SUITE, { tags: ["dns"], shard: `${i}/3` })));
    expect(shares.flat().sort()).toEqual(names(dns).sort());
    expect(shares.filter((s) => s.length === 0)).toHaveLength(1);
  });
});
