import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/load-scenario.js";

const DIR = join(import.meta.dirname, "fixtures/invalid");

/**
 * Every file of the corpus states, in `# expect:` lines at its top, the exact
 * `line:col: message` diagnostics it must produce, all of them and nothing else.
 */
describe("invalid scenario corpus", () => {
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith(".yaml"))
    .sort();

  it("holds at least 40 files", () => {
    expect(files.length).toBeGreaterThanOrEqual(40);
  });

  it.each(files)("%s", (file) => {
    const text = readFileSync(join(DIR, file), "utf8");
    const expected = text
      .split("\n")
      .filter((l) => l.startsWith("# expect: "))
      .map((l) => l.slice("# expect: ".length));
    expect(expected.length, "the fixture states what it must produce").toBeGreaterThan(0);
    const { scenario, diagnostics } = parseScenario(file, text);
    expect(scenario).toBeUndefined();
    expect(diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual(expected);
  });
});
