import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lab } from "./cli.js";
import { busyboxScenario, sh } from "./packed.js";

const tag = `lab-doctor-${process.pid}-${Date.now().toString(36)}:test`;
const missing = `lab-doctor-missing-${process.pid}:none`;

describe("lab doctor", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-doctor-"));
    await writeFile(join(dir, "ok.yaml"), busyboxScenario("doctor-ok"));
    await writeFile(
      join(dir, "needs.yaml"),
      busyboxScenario("doctor-needs").replace(
        "image: busybox\n    init: true\n    command: sleep 3600\n    networks: [net]\n  b:",
        `image: ${missing}\n    init: true\n    command: sleep 3600\n    networks: [net]\n  b:`,
      ),
    );
  });
  afterAll(async () => {
    await sh("docker", ["image", "rm", "-f", tag], { cwd: dir });
    await rm(dir, { recursive: true, force: true });
  });

  it("names the engine's version and API, and says which images are there", async () => {
    const r = await lab(["doctor", join(dir, "ok.yaml")]);
    expect(r.code, r.stderr).toBe(0);
    const server = (await sh("docker", ["version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}"], { cwd: dir })).stdout.trim().split(" ");
    expect(r.stdout).toContain(`engine: ok, Docker ${server[0]} (API ${server[1]}`);
    expect(r.stdout).toMatch(/^ {2}busybox +present$/m);
    expect(r.stdout).toMatch(/^ready$/m);
  });

  it("reports a missing image with the scenario that needs it and exits 3, also under --fix when no recipe exists", async () => {
    expect((await sh("docker", ["image", "inspect", missing], { cwd: dir })).code).not.toBe(0);
    for (const args of [[], ["--fix"]]) {
      const r = await lab(["doctor", ...args, dir]);
      expect(r.code, r.stdout + r.stderr).toBe(3);
      expect(r.stdout).toContain(`${missing}  missing (used by doctor-needs); docker pull it, or build it; lab has no offline recipe for it`);
      expect(r.stdout).toMatch(/^ {2}busybox +present$/m);
      expect(r.stdout).toMatch(/^not ready/m);
    }
  });

  it("says so when no engine answers, and exits 3", async () => {
    const r = await lab(["doctor", join(dir, "ok.yaml")], { env: { DOCKER_HOST: `unix://${join(dir, "no-engine.sock")}` } });
    expect(r.code).toBe(3);
    expect(r.stdout).toMatch(/^engine: no answer\. Cannot reach the Docker engine/m);
  });

  it("--build busybox=TAG builds the offline busybox recipe into that tag, and the image runs", async () => {
    const r = await lab(["doctor", "--build", `busybox=${tag}`, join(dir, "ok.yaml")], { timeoutMs: 180_000 });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^ {2}${tag.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} {2}built offline from the busybox recipe in [0-9.]+s$`, "m"));
    const inspect = await sh("docker", ["image", "inspect", "--format", "{{json .Config.Cmd}} {{.Comment}}", tag], { cwd: dir });
    expect(inspect.code, inspect.stderr).toBe(0);
    expect(inspect.stdout.trim()).toBe('["sh"] lab offline image');
    const ran = await sh("docker", ["run", "--rm", "--network", "none", tag, "sh", "-c", "echo $((6*7))"], { cwd: dir });
    expect(ran.stdout.trim()).toBe("42");
  });

  it("refuses an unknown recipe or a bad tag before any engine call", async () => {
    const r = await lab(["doctor", "--build", "postgres", join(dir, "ok.yaml")], { env: { DOCKER_HOST: "unix:///nonexistent.sock" } });
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('lab: --build postgres: no offline recipe named "postgres"; the recipes are busybox, nginx, redis.');
    const bad = await lab(["doctor", "--build", "busybox=Bad Tag", join(dir, "ok.yaml")]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('"Bad Tag" is not an image tag');
  });
});
