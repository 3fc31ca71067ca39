import { execFile } from "node:child_process";
import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";

export const ROOT = join(import.meta.dirname, "../..");
const exec = promisify(execFile);

export interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end; a non-zero exit is a result, not an exception. */
export async function sh(cmd: string, args: string[], o: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<Ran> {
  try {
    const r = await exec(cmd, args, { cwd: o.cwd, env: { ...process.env, ...o.env }, timeout: o.timeoutMs ?? 240_000, maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout: r.stdout, stderr: r.stderr };
  } catch (error) {
    const e = error as { code?: number | string; stdout?: string; stderr?: string; message: string };
    if (typeof e.code !== "number") throw error;
    return { code: e.code, stdout: e.stdout ?? "", stderr: e.stderr ?? e.message };
  }
}

/** Like sh, but a non-zero exit throws with the output. */
export async function must(cmd: string, args: string[], o: { cwd: string; env?: Record<string, string | undefined>; timeoutMs?: number }): Promise<Ran> {
  const r = await sh(cmd, args, o);
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

const NPM_QUIET = ["--no-audit", "--no-fund", "--loglevel=error", "--prefer-offline"];

/** `npm pack` of a directory (its `prepare` builds it) into dest; the tarball's path. */
export async function pack(dir: string, dest: string): Promise<string> {
  await must("npm", ["pack", "--pack-destination", dest, "--loglevel=error"], { cwd: dir });
  const tgz = (await readdir(dest)).find((f) => f.endsWith(".tgz"));
  if (!tgz) throw new Error(`npm pack left no tarball in ${dest}`);
  return join(dest, tgz);
}

/** A fresh clone of this checkout's HEAD, installed and packed: the package as a user gets it. */
export async function packFreshClone(): Promise<{ tarball: string; work: string }> {
  const work = await mkdtemp(join(tmpdir(), "lab-pack-"));
  const clone = join(work, "clone");
  await must("git", ["clone", "--quiet", ROOT, clone], { cwd: work });
  // A full install of the dev tools: minutes on a busy 2-core machine.
  await must("npm", ["install", ...NPM_QUIET], { cwd: clone, timeoutMs: 540_000 });
  return { tarball: await pack(clone, work), work };
}

/** A new npm project in dir with the given packages installed. */
export async function project(dir: string, packages: string[]): Promise<void> {
  await writeFile(join(dir, "package.json"), JSON.stringify({ name: "lab-user-project", version: "1.0.0", private: true, type: "module" }, null, 2));
  await must("npm", ["install", ...NPM_QUIET, ...packages], { cwd: dir });
}

/** Resource ids the engine still holds for a run label (containers and networks). */
export async function leftovers(runId: string): Promise<string[]> {
  const ps = await must("docker", ["ps", "-aq", "--filter", `label=io.lab.run=${runId}`], { cwd: ROOT });
  const nets = await must("docker", ["network", "ls", "-q", "--filter", `label=io.lab.run=${runId}`], { cwd: ROOT });
  return [...ps.stdout.split("\n"), ...nets.stdout.split("\n")].filter(Boolean);
}

/** A small busybox scenario: one passing step, and a second one that fails when `failing`. */
export const busyboxScenario = (name: string, o: { failing?: boolean } = {}): string => `version: 1
name: ${name}
description: Two busybox containers on one network find each other by name.
networks:
  net: {}
containers:
  a:
    image: busybox
    init: true
    command: sleep 3600
    networks: [net]
  b:
    image: busybox
    init: true
    command: sleep 3600
    networks: [net]
steps:
  - name: a finds b by name
    resolve: { from: a, name: b }
  - name: ${o.failing ? "a finds nobody by name" : "a reaches b with ping"}
    ${o.failing ? "resolve: { from: a, name: nobody-here }\n    hint: nobody-here is not on the network." : "ping: { from: a, host: b }"}
`;
