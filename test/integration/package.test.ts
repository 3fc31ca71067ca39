import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { busyboxScenario, leftovers, must, packFreshClone, project, sh } from "./packed.js";

// The package as a user gets it: a fresh clone, packed, installed elsewhere, run from elsewhere.
describe("the packed package", { timeout: 600_000 }, () => {
  let work: string;
  let tarball: string;
  const cleanup: string[] = [];

  beforeAll(async () => {
    ({ work, tarball } = await packFreshClone());
    cleanup.push(work);
  }, 600_000);

  afterAll(async () => {
    for (const dir of cleanup) await rm(dir, { recursive: true, force: true });
  });

  it("ships the build, the schema, the image recipes and the licence, and no source maps or tests", async () => {
    const list = (await must("tar", ["-tzf", tarball], { cwd: work })).stdout.split("\n").filter(Boolean);
    for (const f of [
      "package/bin/lab.js",
      "package/dist/main.js",
      "package/dist/index.js",
      "package/dist/index.d.ts",
      "package/dist/vitest.js",
      "package/dist/vitest.d.ts",
      "package/schema/scenario.schema.json",
      "package/images/busybox.sh",
      "package/images/lib.sh",
      "package/LICENSE",
    ]) {
      expect(list).toContain(f);
    }
    expect(list.filter((f) => f.endsWith(".map") || f.includes(".test.") || f.startsWith("package/src/") || f.startsWith("package/test/"))).toEqual([]);
    const pkg = JSON.parse((await must("tar", ["-xzOf", tarball, "package/package.json"], { cwd: work })).stdout) as {
      name: string;
      bin: Record<string, string>;
    };
    expect(pkg.name).toBe("docker-lab");
    expect(Object.keys(pkg.bin).sort()).toEqual(["docker-lab", "lab"]);
  });

  it("installs into a prefix and runs a scenario in an unrelated directory, leaving nothing behind", async () => {
    const prefix = await mkdtemp(join(tmpdir(), "lab-prefix-"));
    const elsewhere = await mkdtemp(join(tmpdir(), "lab-elsewhere-"));
    cleanup.push(prefix, elsewhere);
    await must("npm", ["install", "-g", "--prefix", prefix, "--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline", tarball], { cwd: elsewhere });
    const name = `pkg-prefix-${process.pid}`;
    await writeFile(join(elsewhere, "lab.yaml"), busyboxScenario(name));
    for (const bin of ["lab", "docker-lab"]) {
      const r = await sh(join(prefix, "bin", bin), ["run", "lab.yaml", "--reporter", "plain"], { cwd: elsewhere, env: { CI: "true", NO_COLOR: "1" } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const runId = /^lab run ([0-9a-f]+):/m.exec(r.stdout)?.[1];
      expect(runId, r.stdout).toBeDefined();
      expect(r.stdout).toMatch(/2 passed, 0 failed/);
      expect(await leftovers(runId!)).toEqual([]);
    }
  });

  it("installs into a project; npx lab runs there, a failed step exits 1 and still tears down", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-project-"));
    cleanup.push(dir);
    await project(dir, [tarball]);
    await writeFile(join(dir, "failing.lab.yaml"), busyboxScenario(`pkg-project-${process.pid}`, { failing: true }));
    const r = await sh("npx", ["--no-install", "lab", "run", "failing.lab.yaml", "--reporter", "plain"], { cwd: dir, env: { CI: "true", NO_COLOR: "1" } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const runId = /^lab run ([0-9a-f]+):/m.exec(r.stdout)?.[1];
    expect(runId, r.stdout).toBeDefined();
    expect(r.stdout).toMatch(/1 passed, 1 failed/);
    expect(await leftovers(runId!)).toEqual([]);
    // The typed API, imported by name as a user's script would.
    await writeFile(
      join(dir, "api.mjs"),
      `import { validate } from "docker-lab";\nconst v = await validate("failing.lab.yaml");\nconsole.log(JSON.stringify({ ok: v.ok, names: v.scenarios.map((s) => s.name) }));\n`,
    );
    const api = await sh(process.execPath, ["api.mjs"], { cwd: dir });
    expect(api.stderr).toBe("");
    expect(JSON.parse(api.stdout)).toEqual({ ok: true, names: [`pkg-project-${process.pid}`] });
    // lab init points the editor at the schema inside the project's own node_modules.
    const init = await sh("npx", ["--no-install", "lab", "init"], { cwd: dir });
    expect(init.code, init.stderr).toBe(0);
    const settings = JSON.parse(await readFile(join(dir, ".vscode/settings.json"), "utf8")) as { "yaml.schemas": Record<string, string[]> };
    expect(settings["yaml.schemas"]).toEqual({ "./node_modules/docker-lab/schema/scenario.schema.json": ["*.lab.yaml", "scenarios/**/*.yaml"] });
    expect(JSON.parse(await readFile(join(dir, "node_modules/docker-lab/schema/scenario.schema.json"), "utf8"))).toHaveProperty("$schema");
    const version = await sh("npx", ["--no-install", "lab", "--version"], { cwd: dir });
    expect(version.stdout.trim()).toBe(JSON.parse(await readFile(join(dir, "node_modules/docker-lab/package.json"), "utf8")).version);
  });
});
