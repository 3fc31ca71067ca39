import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/load-scenario.js";

const DIR = join(import.meta.dirname, "../scenarios");
const files = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));

/** The shipped labs are the product's first impression: each must teach, and each must be able to fail. */
describe("the shipped labs", () => {
  it("cover every concept of the course", () => {
    const names = files.map((f) => f.replace(/\.yaml$/, ""));
    for (const lab of [
      "containers-are-processes",
      "run-and-exec",
      "logs-inspect-stats",
      "publish-ports",
      "port-conflict",
      "default-bridge-no-dns",
      "user-network-dns",
      "links-vs-aliases",
      "dns-round-robin",
      "connect-disconnect",
      "network-isolation",
      "host-and-none",
      "internal-networks",
      "dns-search-and-hosts",
      "alias-vs-extra-hosts",
      "user-network-links",
    ]) {
      expect(names).toContain(lab);
    }
  });

  it.each(files)("%s is valid, described, named after its file, and has a negative check", (file) => {
    const text = readFileSync(join(DIR, file), "utf8");
    const { scenario, diagnostics } = parseScenario(file, text);
    expect(diagnostics).toEqual([]);
    expect(scenario!.name).toBe(file.replace(/\.yaml$/, ""));
    expect(scenario!.description.split(/(?<=\.)\s+/).length, "two or three sentences").toBeGreaterThanOrEqual(2);
    expect(
      scenario!.steps.some((s) => s.expect === "fail"),
      "at least one expect: fail step",
    ).toBe(true);
    expect(
      scenario!.steps.some((s) => s.hint),
      "hints for the learner",
    ).toBe(true);
    expect(text.startsWith("# yaml-language-server: $schema=../schema/scenario.schema.json")).toBe(true);
  });
});
