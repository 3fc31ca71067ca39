import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/load-scenario.js";

const lines = (text: string): string[] => parseScenario("big.yaml", text).diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`);

describe("input limits, each named in its message", () => {
  it("bytes: a file over 4 MiB is refused before it is parsed", () => {
    expect(lines(`name: x\ndescription: "${"a".repeat(4 * 1024 * 1024)}"\n`)).toEqual([
      "1:1: the file is 4.0 MiB; a scenario file may be at most 4.0 MiB (limit on bytes)",
    ]);
  });

  it("steps: 10,000 are read, 10,001 are refused at the key", () => {
    const steps = (n: number): string => `name: x\ncontainers: { a: { image: busybox } }\nsteps:\n${"  - sleep: 1s\n".repeat(n)}`;
    expect(parseScenario("ok.yaml", steps(10_000)).scenario?.steps).toHaveLength(10_000);
    expect(lines(steps(10_001))).toEqual(["3:1: the scenario has 10001 steps; at most 10000 are allowed (limit on steps); split it into several scenarios"]);
  });

  it("names: 1,001 containers are refused at the key", () => {
    const text = `name: x\ncontainers:\n${Array.from({ length: 1_001 }, (_, i) => `  c${i}: { image: busybox }`).join("\n")}\n`;
    expect(lines(text)).toEqual(["2:1: the scenario has 1001 containers; at most 1000 are allowed (limit on containers); split it into several scenarios"]);
  });

  it("1,000 containers each linking to a missing name get every error, each naming at most 50 candidates", () => {
    const text = `name: x\ncontainers:\n${Array.from({ length: 1_000 }, (_, i) => `  c${i}: { image: busybox, links: [missing-${"x".repeat(30)}${i}] }`).join("\n")}\n`;
    const found = lines(text);
    expect(found).toHaveLength(1_000);
    expect(found[0]).toMatch(/^3:33: unknown container "missing-x+0" in links; the scenario declares "c1", "c2", .* or 949 more$/);
  });
});
