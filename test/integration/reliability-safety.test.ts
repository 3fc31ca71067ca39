import { existsSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { leftovers, startLab } from "./cli.js";
import { removeLeftovers, scenarioDir, token } from "../reliability/support.js";

/**
 * Safety, end to end through the CLI: `from: host` stays on this machine unless
 * --allow-external is given, and commands reach the container as argv, never through a
 * shell on the host. (The policy itself, and that no connection is even attempted, are
 * unit-tested in test/fuzz-safety.test.ts.)
 */

const tok = token();
const runIds: string[] = [];
const dirs: { remove(): Promise<void> }[] = [];

afterAll(async () => {
  await removeLeftovers(runIds);
  await Promise.all(dirs.map((d) => d.remove()));
});

async function run(name: string, yaml: string, flags: string[] = []) {
  const files = await scenarioDir("safety", { "s.yaml": yaml });
  dirs.push(files);
  const r = await startLab(["run", ...flags, `${files.dir}/s.yaml`]).done;
  runIds.push(r.runId!);
  expect(await leftovers(r.runId!)).toEqual([]);
  return { ...r, context: `${r.stdout}\n${r.stderr}`, name };
}

describe("from: host beyond loopback", () => {
  // The project's own container, reached by its address on the engine's bridge: not loopback,
  // so refused by default; with --allow-external the runner connects to it.
  const yaml = (name: string): string => `
name: ${name}
containers:
  srv: { image: busybox, init: true, command: ["nc", "-ll", "-p", "7000", "-e", "/bin/cat"] }
steps:
  - tcp: { from: host, host: { ip_of: srv }, port: 7000 }
`;

  it("is refused at once with a sentence that names the flag", async () => {
    const r = await run(`ext-off-${tok}`, yaml(`ext-off-${tok}`));
    expect(r.code, r.context).toBe(1);
    expect(r.stdout, r.context).toMatch(
      /from: host probes reach only this machine's loopback \(127\.0\.0\.1, localhost, ::1\), not srv's IP [\d.]+; run with --allow-external to reach other addresses/,
    );
    // Refused, not retried until the step's 10 s timeout.
    expect(r.stdout, r.context).toMatch(/✗ host connects to srv's IP:7000 \((\d+ms|[0-4](\.\d+)?s)\)/);
  });

  it("is allowed with --allow-external", async () => {
    const r = await run(`ext-on-${tok}`, yaml(`ext-on-${tok}`), ["--allow-external"]);
    expect(r.code, r.context).toBe(0);
    expect(r.stdout, r.context).toContain("✓ host connects to srv's IP:7000");
  });
});

describe("commands are argv, never a host shell", () => {
  it("shell syntax reaches the container's program as plain words, and nothing runs on the host", async () => {
    const marker = `/tmp/lab-pwned-${tok}`;
    const name = `argv-${tok}`;
    const r = await run(
      name,
      `
name: ${name}
containers:
  c: { image: busybox, init: true, command: sleep 600 }
  e: { image: busybox, command: echo $HOME; touch ${marker} }
steps:
  - logs: { container: e, contains: "$HOME; touch ${marker}" }
  - exec:
      container: c
      command: echo $HOME; touch ${marker} | cat $(id) \`id\` && rm -rf /nothing > /x
      stdout: { equals: "$HOME; touch ${marker} | cat $(id) \`id\` && rm -rf /nothing > /x\\n" }
  - exec: { container: c, command: ["sh", "-c", "test ! -e ${marker}"] }
`,
    );
    expect(r.code, r.context).toBe(0);
    expect(existsSync(marker)).toBe(false);
  });
});
