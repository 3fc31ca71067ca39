import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { docker, lab, leftovers } from "./cli.js";

// The first waits in a probe that retries for 10s; the second in an exec that ignores any signal.
// One container each, no network, no probe container: provisioning stays far below the 2s.
const RETRYING = `
name: timeout-retry
timeout: 2s
# One step at a time: the second step must still be waiting when the timeout ends the first.
serial: true
containers:
  a: { image: busybox, init: true, command: sleep 600 }
steps:
  - name: a waits to be exited
    state: { container: a, status: exited }
    timeout: 10s
  - name: a is still running
    state: { container: a, status: running }
`;
const EXEC = `
name: timeout-exec
timeout: 2s
containers:
  b: { image: busybox, init: true, command: sleep 600 }
steps:
  - name: b sleeps for 30 seconds
    exec: { container: b, command: sleep 30 }
  - name: b is still running
    state: { container: b, status: running }
`;

it("fails a scenario that runs past its timeout with the step that was running, and tears it down", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lab-timeout-"));
  await writeFile(join(dir, "retry.yaml"), RETRYING);
  await writeFile(join(dir, "exec.yaml"), EXEC);
  const started = Date.now();
  const r = await lab(["run", dir, "--parallel", "2"]);
  const took = Date.now() - started;

  expect(r.code, r.stdout + r.stderr).toBe(1);
  // Not a timing assertion: the exec sleeps 30 s, and a run that waited for it would take longer than this on
  // any machine. How soon the 2 s timeout cuts in is the bench's business; a busy CI machine took 10 s here.
  expect(took).toBeLessThan(28_000);
  for (const [scenario, running, next] of [
    ["timeout-retry", "a waits to be exited", "a is still running"],
    ["timeout-exec", "b sleeps for 30 seconds", "b is still running"],
  ]) {
    expect(r.stdout).toMatch(new RegExp(`^\\[${scenario}\\] ✗ ${running} \\([\\d.]+m?s\\)$`, "m"));
    expect(r.stdout).toContain(`[${scenario}]     the scenario ran past its timeout of 2s during this step`);
    expect(r.stdout).toContain(`[${scenario}] - ${next} (skipped)`);
    expect(r.stdout).toContain(`[${scenario}] error: the scenario ran past its timeout of 2s`);
    expect(r.stdout).toMatch(new RegExp(`^\\[${scenario}\\] removed \\d+ resources? `, "m"));
    expect(r.stdout).toMatch(new RegExp(`^\\[${scenario}\\] failed \\(0/2 steps, `, "m"));
  }
  expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^0 passed, 2 failed \(steps: 0 passed, 2 failed, 2 skipped; /);
  expect(await leftovers(r.runId!)).toEqual([]);
  // Not even a sleeping exec is left: the engine has no process of the run.
  expect(await docker("ps", "-q", "--filter", `label=io.lab.run=${r.runId}`)).toBe("");
});
