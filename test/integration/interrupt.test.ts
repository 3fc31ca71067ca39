import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { lab, leftovers } from "./cli.js";

// Slow on purpose: a readiness wait keeps provisioning busy, a probe that never passes keeps the steps busy.
const SLOW = `
name: slow
networks: { app: {} }
containers:
  a: { image: busybox, init: true, command: ["sh", "-c", "sleep 1; echo ready; sleep 600"], networks: [app], wait: { log: ready } }
  b: { image: busybox, init: true, command: sleep 600, networks: [app] }
  c: { image: busybox, init: true, command: sleep 600 }
steps:
  - resolve: { from: b, name: a }
  - resolve: { from: b, name: nobody-has-this-name }
    timeout: 30s
`;

let path: string;
beforeAll(async () => {
  const dir = await mkdtemp(join(tmpdir(), "lab-interrupt-"));
  path = join(dir, "slow.yaml");
  await writeFile(path, SLOW);
});

describe("interrupts", () => {
  it.each([
    ["SIGINT", "provisioning", /\[slow\] provisioning/, 130],
    ["SIGTERM", "provisioning", /\[slow\] provisioning/, 143],
    ["SIGINT", "the steps", /✓ b resolves a/, 130],
    ["SIGTERM", "the steps", /✓ b resolves a/, 143],
  ] as const)("%s during %s tears everything down", async (signal, _when, when, code) => {
    const r = await lab(["run", path], { interrupt: { when, signal, delayMs: 300 } });
    expect(r.code).toBe(code);
    expect(r.stderr).toContain(`lab: ${signal} received: cleaning up run ${r.runId}`);
    expect(r.stderr).toContain(`lab: interrupted by ${signal}; everything run ${r.runId} created was removed.`);
    expect(r.stdout).toContain("[slow] tearing down");
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it("a second SIGINT leaves at once and prints the clean command, which removes the rest", async () => {
    const r = await lab(["run", path], { interrupt: { when: /✓ b resolves a/, signal: "SIGINT", times: 2 } });
    expect(r.code).toBe(130);
    expect(r.stderr).toContain(`SIGINT again: stopping now. Resources of run ${r.runId} may be left behind; remove them with: lab clean --run ${r.runId}`);
    const clean = await lab(["clean", "--run", r.runId!]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(/^removed \d+ containers and \d+ networks of run [0-9a-f]+$/m);
    expect(await leftovers(r.runId!)).toEqual([]);
  });
});
