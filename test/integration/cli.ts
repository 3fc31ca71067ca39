import { execFile, spawn } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = join(import.meta.dirname, "../..");
export const LAB = join(ROOT, "bin/lab.js");
export const SCENARIOS = join(ROOT, "scenarios");

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** The run id printed on the first line, for leak checks by label. */
  runId?: string;
}

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Sends `signal` once stdout matches `when`. */
  interrupt?: { when: RegExp; signal: NodeJS.Signals; delayMs?: number; times?: number };
  timeoutMs?: number;
}

/** Runs the built CLI as a user would, with CI set so that output is plain. */
export function lab(args: string[], o: CliOptions = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [LAB, ...args], { cwd: ROOT, env: { ...process.env, CI: "true", NO_COLOR: "1", ...o.env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    let sent = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 90_000);
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      if (o.interrupt && !sent && o.interrupt.when.test(stdout)) {
        sent = true;
        const { signal, delayMs = 0, times = 1 } = o.interrupt;
        for (let i = 0; i < times; i++) setTimeout(() => child.kill(signal), delayMs + i * 20);
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, runId: /^lab run ([0-9a-f]+):/m.exec(stdout)?.[1] });
    });
  });
}

/** The docker CLI: the engine's own view, independent of lab. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("docker", args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/** Names of containers and networks still carrying the run's label. */
export async function leftovers(runId: string): Promise<string[]> {
  const filter = `label=io.lab.run=${runId}`;
  const [containers, networks] = await Promise.all([docker("ps", "-a", "--filter", filter, "--format", "{{.Names}}"), docker("network", "ls", "--filter", filter, "--format", "{{.Name}}")]);
  return [...containers.split("\n"), ...networks.split("\n")].filter(Boolean);
}
