import { readFile, writeFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lab, leftovers, SCENARIOS } from "./cli.js";

const DNS = join(SCENARIOS, "dns.yaml");

describe("lab run scenarios/dns.yaml", () => {
  it("passes every step, prints each one, and leaves nothing behind", async () => {
    const r = await lab(["run", DNS]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("✓ web finds db by its container name");
    expect(r.stdout).toContain("✓ on the default bridge, legacy cannot find its neighbour by name");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^1 passed, 0 failed \(steps: 14 passed, 0 failed/);
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it("fails, naming the step, when the default-bridge container joins the user network", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-dns-"));
    const broken = (await readFile(DNS, "utf8"))
      .replace(/^ {2}legacy:\n/m, "  legacy:\n    networks: [app]\n")
      .replace(/^ {2}neighbour:\n/m, "  neighbour:\n    networks: [app]\n");
    await writeFile(join(dir, "dns.yaml"), broken);
    const r = await lab(["run", join(dir, "dns.yaml")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /✗ on the default bridge, legacy cannot find its neighbour by name .*\n.*expected a failure, but neighbour resolves in legacy to [\d.]+ \(nameserver 127\.0\.0\.11\)/,
    );
    expect(r.stdout).toContain("hint: The default bridge has no embedded DNS");
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it("runs two copies of the same scenario side by side without collisions", async () => {
    const [a, b] = await Promise.all([lab(["run", DNS]), lab(["run", DNS])]);
    expect([a.code, b.code]).toEqual([0, 0]);
    expect(a.runId).not.toBe(b.runId);
    expect(await leftovers(a.runId!)).toEqual([]);
    expect(await leftovers(b.runId!)).toEqual([]);
  });
});
