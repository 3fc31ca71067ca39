import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { docker, lab, leftovers } from "./cli.js";

const DEAD_ENGINE = { DOCKER_HOST: "unix:///nonexistent/docker.sock" };

async function file(name: string, text: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lab-errors-"));
  await writeFile(join(dir, name), text);
  return join(dir, name);
}

describe("errors a user meets", () => {
  it("reports every error of an invalid file with line and column, exit 2, and calls no engine", async () => {
    const path = await file(
      "bad.yaml",
      "name: bad\ncontainers:\n  web:\n    image: busybox\n    prots: [80]\nsteps:\n  - resolve: { from: ghost, name: web }\n",
    );
    // A dead engine proves no engine call: with one, the exit code would be 3.
    for (const command of ["run", "validate"]) {
      const r = await lab([command, path], { env: DEAD_ENGINE });
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toEqual([
        `${path}:5:5: unknown key "prots" in container "web"; did you mean "ports"?`,
        `${path}:7:22: unknown container "ghost"; the scenario declares "web"`,
      ]);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("says in one sentence that the engine is unreachable, exit 3", async () => {
    const r = await lab(["run", join(import.meta.dirname, "../../scenarios/dns.yaml")], { env: DEAD_ENGINE });
    expect(r.code).toBe(3);
    expect(r.stderr.trim()).toMatch(
      /^lab: Cannot reach the Docker engine at unix:\/\/\/nonexistent\/docker\.sock \(.+\)\. Start it .+ or point DOCKER_HOST at a running engine\.$/,
    );
  });

  it("refuses a missing image under --pull never, exit 3, nothing left behind", async () => {
    const path = await file(
      "missing.yaml",
      "name: missing-image\nnetworks: { app: {} }\ncontainers:\n  a: { image: busybox, networks: [app] }\n  b: { image: lab-test/does-not-exist:1, networks: [app] }\n",
    );
    const r = await lab(["run", "--pull", "never", path]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('Image "lab-test/does-not-exist:1" is not on the engine, and --pull never forbids pulling it.');
    expect(await leftovers(r.runId!)).toEqual([]);
    expect(await docker("images", "-q", "lab-test/does-not-exist")).toBe("");
  });

  it("reports a container that cannot start as an environment failure and removes what was made", async () => {
    const path = await file(
      "nostart.yaml",
      "name: no-start\nnetworks: { app: {} }\ncontainers:\n  a: { image: busybox, init: true, command: sleep 60, networks: [app] }\n  b: { image: busybox, command: /no/such/binary, networks: [app] }\nsteps:\n  - resolve: { from: a, name: b }\n",
    );
    const r = await lab(["run", path]);
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/Starting container "b" failed: .*no\/such\/binary/);
    expect(r.stdout).toMatch(/- a resolves b \(skipped\)/);
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it("answers a usage mistake with exit 2 and no stack trace", async () => {
    const r = await lab(["run", "--pull", "sometimes"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("argument 'sometimes' is invalid");
    const missing = await lab(["validate", "/nonexistent/lab.yaml"]);
    expect(missing.code).toBe(2);
    expect(missing.stderr.trim()).toBe("lab: /nonexistent/lab.yaml: no such file or directory");
  });
});
