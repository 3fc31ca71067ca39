// Teardown at scale: 30 containers on one user network leave it a few at a time and are
// removed (src/teardown/remove-all.ts). The engine (docker CLI) must show nothing of the run
// afterwards: no container, and no network, which Engine 20.10 would refuse to remove
// ("has active endpoints") had it lost count of the network's endpoints.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docker, lab, leftovers } from "./cli.js";

const N = 30;

function scenario(name: string): string {
  const c = (i: number): string => `c${String(i).padStart(2, "0")}`;
  const lines = [`version: 1`, `name: ${name}`, `timeout: 600s`, `networks:`, `  net: {}`, `containers:`];
  for (let i = 1; i <= N; i++) lines.push(`  ${c(i)}: { image: busybox, command: sleep 3600, init: true, networks: [net] }`);
  lines.push(`steps:`, `  - resolve: { from: ${c(1)}, name: ${c(N)} }`);
  return `${lines.join("\n")}\n`;
}

describe(`teardown of ${N} containers on one network`, { timeout: 900_000 }, () => {
  const dirs: string[] = [];
  afterAll(async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  });

  it("leaves no container and no network behind, as the docker CLI sees it", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-teardown-scale-"));
    dirs.push(dir);
    const file = join(dir, "scale.yaml");
    await writeFile(file, scenario(`teardown-scale-${process.pid}`));
    const r = await lab(["run", file, "--reporter", "plain"], { timeoutMs: 880_000, env: { CI: "true", NO_COLOR: "1" } });
    const runId = r.runId;
    expect(runId, r.stdout + r.stderr).toBeDefined();
    try {
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(new RegExp(`removed ${N + 1} resources`));
      expect(await leftovers(runId!)).toEqual([]);
      // Nothing named after the run either (a resource that lost its label would not be seen above).
      const names = `${await docker("ps", "-a", "--format", "{{.Names}}")}\n${await docker("network", "ls", "--format", "{{.Name}}")}`;
      expect(names.split("\n").filter((n) => n.includes(`lab-${runId}-`))).toEqual([]);
    } finally {
      // Whatever this run left, and only that.
      const filter = `label=io.lab.run=${runId}`;
      const ids = (await docker("ps", "-aq", "--filter", filter)).split("\n").filter(Boolean);
      if (ids.length) await docker("rm", "-f", ...ids).catch(() => undefined);
      const nets = (await docker("network", "ls", "-q", "--filter", filter)).split("\n").filter(Boolean);
      if (nets.length) await docker("network", "rm", ...nets).catch(() => undefined);
    }
  });
});
