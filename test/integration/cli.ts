import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

const ROOT = join(import.meta.dirname, "../..");
export const LAB = join(ROOT, "bin/lab.js");
export const SCENARIOS = join(ROOT, "scenarios");

export interface Finished {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  runId?: string;
  /** Milliseconds from spawn to exit. */
  ms: number;
}

/** A `lab` child process: its output so far, a way to wait for a line, and its end. */
export interface Running {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  runId(): string | undefined;
  /** Resolves once stdout matches (or rejects when the process ends first). */
  waitFor(pattern: RegExp): Promise<void>;
  done: Promise<Finished>;
}

/** Starts the built CLI as a user would, with CI set so that output is plain. */
export function startLab(args: string[], o: { env?: Record<string, string | undefined>; timeoutMs?: number; nodeArgs?: string[] } = {}): Running {
  const started = performance.now();
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), LAB, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: "true", NO_COLOR: "1", ...o.env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  const waiters: { pattern: RegExp; resolve(): void; reject(e: Error): void }[] = [];
  const check = (): void => {
    for (const w of [...waiters]) {
      if (w.pattern.test(out)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  child.stdout!.on("data", (d: Buffer) => {
    out += d.toString();
    check();
  });
  child.stderr!.on("data", (d: Buffer) => (err += d.toString()));
  const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 90_000);
  const runId = (): string | undefined => /^lab run ([0-9a-f]+):/m.exec(out)?.[1];
  const done = new Promise<Finished>((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      for (const w of waiters.splice(0))
        w.reject(new Error(`lab ended (code ${code}, signal ${signal}) before its output matched ${w.pattern}\n--- stdout\n${out}\n--- stderr\n${err}`));
      resolve({ code, signal, stdout: out, stderr: err, runId: runId(), ms: performance.now() - started });
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    runId,
    done,
    waitFor: (pattern) =>
      new Promise<void>((resolve, reject) => {
        if (pattern.test(out)) return resolve();
        if (child.exitCode !== null || child.signalCode !== null) return reject(new Error(`lab already ended before its output matched ${pattern}`));
        waiters.push({ pattern, resolve, reject });
      }),
  };
}

export type CliResult = Finished;

export interface CliOptions {
  env?: Record<string, string | undefined>;
  /** Sends `signal` once stdout matches `when`. */
  interrupt?: { when: RegExp; signal: NodeJS.Signals; delayMs?: number; times?: number };
  timeoutMs?: number;
}

/** Runs the built CLI to its end, optionally interrupting it once its output says so. */
export function lab(args: string[], o: CliOptions = {}): Promise<CliResult> {
  const run = startLab(args, o);
  if (o.interrupt) {
    const { when, signal, delayMs = 0, times = 1 } = o.interrupt;
    // A run that ends before the line shows is simply not interrupted; the caller's assertions say so.
    run.waitFor(when).then(
      () => {
        for (let i = 0; i < times; i++) setTimeout(() => run.child.kill(signal), delayMs + i * 20);
      },
      () => undefined,
    );
  }
  return run.done;
}

/** The docker CLI: the engine's own view, independent of lab. */
export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)("docker", args, { maxBuffer: 16 * 1024 * 1024 });
  return stdout.trim();
}

/**
 * Removes the networks a test made or kept, through the docker CLI. The engine refuses a
 * network for a moment after its last member was removed ("has active endpoints": a swarm
 * overlay's endpoints go asynchronously), so that refusal is retried for up to 20 s, and the
 * removal waits until the network is no longer listed; one already gone is fine; any other
 * refusal fails the test rather than leak the network.
 */
export async function removeNetworks(...names: string[]): Promise<void> {
  for (const name of names) {
    for (const started = Date.now(); ;) {
      try {
        await docker("network", "rm", name);
        // A swarm-scoped network is removed by the swarm's manager: the local engine still
        // lists it for a moment after the removal was accepted.
        while ((await docker("network", "ls", "-q", "--filter", `name=^${name}$`)) !== "") {
          if (Date.now() - started > 20_000) throw new Error(`docker network rm ${name}: accepted, but still listed after 20 s`);
          await new Promise((r) => setTimeout(r, 250));
        }
        break;
      } catch (error) {
        if (!(error as { stderr?: string }).stderr) throw error;
        const message = (error as { stderr?: string }).stderr ?? String(error);
        if (/no such network|not found/i.test(message)) break;
        if (!/active endpoints/i.test(message) || Date.now() - started > 20_000)
          throw new Error(`docker network rm ${name}: ${message.trim()}`, { cause: error });
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  }
}

/** Names of containers and networks still carrying the run's label. */
export async function leftovers(runId: string): Promise<string[]> {
  const filter = `label=io.lab.run=${runId}`;
  const [containers, networks] = await Promise.all([
    docker("ps", "-a", "--filter", filter, "--format", "{{.Names}}"),
    docker("network", "ls", "--filter", filter, "--format", "{{.Name}}"),
  ]);
  return [...containers.split("\n"), ...networks.split("\n")].filter(Boolean);
}
