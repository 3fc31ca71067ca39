import { describe, expect, it } from "vitest";
import { cutNote, KEPT_BYTES, OutputTail } from "../src/runtime/output-tail.js";
import { mismatch } from "../src/steps/text-match.js";

describe("the bounded collector of container output", () => {
  it("keeps only the last bytes of a long stream and counts what it cut", () => {
    const tail = new OutputTail(10);
    for (const chunk of ["0123", "4567", "89ab", "cdef"]) tail.push(Buffer.from(chunk));
    expect(tail.text()).toBe("6789abcdef");
    expect(tail.facts()).toEqual({ bytes: 16, cut: 6, found: [] });
  });

  it("cuts a single chunk larger than the tail at once", () => {
    const tail = new OutputTail(4);
    tail.push(Buffer.from("abcdefghij"));
    expect(tail.text()).toBe("ghij");
    expect(tail.facts().cut).toBe(6);
  });

  it("keeps a short stream whole", () => {
    const tail = new OutputTail();
    tail.push("hello\n");
    tail.push("");
    tail.push("world\n");
    expect(tail.text()).toBe("hello\nworld\n");
    expect(tail.facts()).toEqual({ bytes: 12, cut: 0, found: [] });
  });

  it("finds a needle anywhere in the stream, across chunk boundaries, even long after it left the tail", () => {
    const tail = new OutputTail(8, ["READY", "never", "y\nz"]);
    tail.push("xxxxRE");
    tail.push("A");
    tail.push("DYxxxxxxxxxxxxxxxxxxxxxxxxy");
    tail.push("\nzxxxxxxxxxxxxx");
    expect(tail.text()).not.toContain("READY");
    expect(tail.facts().found.sort()).toEqual(["READY", "y\nz"]);
  });

  it("does not report a needle split by something in between", () => {
    const tail = new OutputTail(100, ["abc"]);
    tail.push("ab");
    tail.push("-c");
    expect(tail.facts().found).toEqual([]);
  });

  it("drops a UTF-8 character cut in half at the start of the tail", () => {
    const tail = new OutputTail(5);
    tail.push(Buffer.from("aé…z", "utf8")); // a, é (2 bytes), … (3 bytes), z: the tail starts inside é
    expect(tail.text()).toBe("…z");
  });

  it("holds about the tail whatever passes through it (100 MB in 64 KiB chunks)", () => {
    const tail = new OutputTail(KEPT_BYTES, ["END"]);
    const chunk = Buffer.alloc(64 * 1024, "a");
    for (let i = 0; i < 1600; i++) tail.push(chunk);
    tail.push("END\n");
    const facts = tail.facts();
    expect(facts.bytes).toBe(1600 * 64 * 1024 + 4);
    expect(facts.cut).toBe(facts.bytes - KEPT_BYTES);
    expect(tail.text().length).toBe(KEPT_BYTES);
    expect(facts.found).toEqual(["END"]);
  });

  it("says how much was cut and how much was kept", () => {
    expect(cutNote({ bytes: 104_857_600 + KEPT_BYTES, cut: 104_857_600 })).toBe("104,857,600 of 105,906,176 bytes cut, last 1 MiB kept");
    expect(cutNote({ bytes: 10, cut: 6 })).toBe("6 of 10 bytes cut, last 4 bytes kept");
    expect(cutNote({ bytes: 10, cut: 0 })).toBeUndefined();
  });
});

describe("matchers on a cut output", () => {
  it("contains looks at what was found in the whole stream, matches at the kept tail, equals fails on a cut output", () => {
    const seen = { text: "…the end\n", found: ["start"], cut: 100 };
    expect(mismatch(seen, { contains: "start" })).toBeUndefined();
    expect(mismatch(seen, { contains: "the end" })).toBe('to contain "the end"');
    expect(mismatch(seen, { matches: "the end$" })).toBeUndefined();
    expect(mismatch(seen, { matches: "start" })).toBe("to match /start/ (in the kept tail)");
    expect(mismatch(seen, { equals: "…the end" })).toMatch(/to equal .*100 bytes longer than the tail lab keeps/);
    expect(mismatch({ text: "the end\n", found: [], cut: 0 }, { equals: "the end" })).toBeUndefined();
  });
});
