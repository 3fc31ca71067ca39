import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { lab, leftovers } from "./cli.js";

/** `lab new`: the starter file validates, runs green on the engine, and its schema header resolves where it lies. */
const dir = mkdtempSync(join(tmpdir(), "lab-new-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const headerTarget = (file: string): string => {
  const m = /^# yaml-language-server: \$schema=(\S+)\n/.exec(readFileSync(file, "utf8"));
  expect(m, "the first line is the schema header").not.toBeNull();
  return resolve(dirname(file), m![1]!);
};

describe("lab new", () => {
  it("writes NAME.yaml into --dir, whose header resolves to lab's schema, and that runs green against the engine", async () => {
    const target = join(dir, "labs", "deeper");
    const made = await lab(["new", "starter-check", "--dir", target]);
    expect(made.code, made.stderr).toBe(0);
    const file = join(target, "starter-check.yaml");
    expect(made.stdout).toContain(`wrote ${file}`);
    const schema = await lab(["schema"]);
    expect(readFileSync(headerTarget(file), "utf8")).toBe(schema.stdout);

    const valid = await lab(["validate", file]);
    expect([valid.code, valid.stdout]).toEqual([0, "1 scenario valid\n"]);
    const run = await lab(["run", file, "--reporter", "plain"]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/1 passed, 0 failed \(steps: 3 passed, 0 failed/);
    expect(run.stdout).toContain("✓ nothing listens on another port");
    expect(await leftovers(run.runId!)).toEqual([]);
  });

  it("computes the header from where the file goes: two depths, two paths, one schema", async () => {
    const shallow = mkdtempSync(join(dir, "a-"));
    const deep = join(shallow, "x", "y");
    expect((await lab(["new", "here", "--dir", shallow])).code).toBe(0);
    expect((await lab(["new", "here", "--dir", deep])).code).toBe(0);
    const header = (f: string): string => readFileSync(f, "utf8").split("\n")[0]!;
    expect(header(join(shallow, "here.yaml"))).not.toBe(header(join(deep, "here.yaml")));
    expect(headerTarget(join(shallow, "here.yaml"))).toBe(headerTarget(join(deep, "here.yaml")));
    expect(existsSync(headerTarget(join(deep, "here.yaml")))).toBe(true);
  });

  it("refuses to overwrite, and refuses a name that is not a scenario name (exit 2)", async () => {
    const target = join(dir, "again");
    expect((await lab(["new", "twice", "--dir", target])).code).toBe(0);
    const file = join(target, "twice.yaml");
    const before = statSync(file).mtimeMs;
    const again = await lab(["new", "twice", "--dir", target]);
    expect([again.code, again.stderr]).toEqual([2, `lab: ${file} already exists; lab new never overwrites a file. Choose another name, or remove it first.\n`]);
    expect(statSync(file).mtimeMs).toBe(before);
    const bad = await lab(["new", "Bad_Name", "--dir", target]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/"Bad_Name" is not a scenario name/);
    expect(existsSync(join(target, "Bad_Name.yaml"))).toBe(false);
  });
});
