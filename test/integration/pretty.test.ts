import { spawn } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, it } from "vitest";
import { LAB, lab, leftovers } from "./cli.js";

const SLOW = `
name: pretty-slow
networks: { app: {} }
containers:
  a: { image: busybox, init: true, command: sleep 600, networks: [app] }
  b: { image: busybox, init: true, command: sleep 600, networks: [app] }
steps:
  - resolve: { from: b, name: a }
  - name: b waits for a name nobody has
    resolve: { from: b, name: nobody-has-this-name }
    timeout: 30s
    hint: Nobody will ever have it.
`;

/** Runs lab in a pseudo-terminal (util-linux `script`), as a person would; Ctrl-C is typed, not signalled. */
function inTerminal(args: string[], typeCtrlC: RegExp): Promise<{ code: number | null; screen: string }> {
  return new Promise((resolve, reject) => {
    // A pseudo-terminal made from a pipe has no size; listr would cut every line to nothing.
    const command = `stty cols 160 rows 50; exec ${[process.execPath, LAB, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(" ")}`;
    const env: NodeJS.ProcessEnv = { ...process.env, TERM: "xterm-256color" };
    delete env.CI;
    const child = spawn("script", ["-qfec", command, "/dev/null"], { env, stdio: ["pipe", "pipe", "pipe"] });
    let raw = "";
    let typed = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.stdout.on("data", (d: Buffer) => {
      raw += d.toString();
      if (!typed && typeCtrlC.test(plain(raw))) {
        typed = true;
        child.stdin.write("\u0003");
      }
    });
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, screen: plain(raw) });
    });
  });
}

const plain = (s: string): string => s.replace(/\u001b\[[0-9;?]*[ -/]*[@-~]/g, "").replace(/\r/g, "");

it("pretty: shows a live retry, and Ctrl-C cleans up visibly and leaves nothing behind", async () => {
  const dir = await mkdtemp(join(tmpdir(), "lab-pretty-"));
  await writeFile(join(dir, "slow.yaml"), SLOW);
  const { code, screen } = await inTerminal(["run", join(dir, "slow.yaml")], /waiting \d+\.\ds: nobody-has-this-name does not resolve in b/);
  const runId = /lab run ([0-9a-f]{6}): 1 scenario/.exec(screen)?.[1];
  expect(runId, screen).toBeDefined();
  try {
    expect(code, screen).toBe(130);
    expect(screen).toContain("b resolves a");
    expect(screen).toContain("cleaning up: removing the scenario's containers and networks");
    expect(screen).toContain("interrupted by SIGINT during this step");
    expect(screen).toMatch(/teardown: \d+ removed/);
    expect(screen).toMatch(/0 passed, 1 failed \(steps: 1 passed, 1 failed; [\d.]+m?s\)/);
    expect(screen).toContain(`lab: interrupted by SIGINT; everything run ${runId} created was removed.`);
    expect(await leftovers(runId!)).toEqual([]);
  } finally {
    // Only if the run above failed its promise: remove what it left, by its run id.
    if ((await leftovers(runId!)).length > 0) await lab(["clean", "--run", runId!]);
  }
});
