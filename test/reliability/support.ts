import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, connect, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { lab, leftovers } from "../integration/cli.js";

/**
 * Helpers of the reliability suites (test/integration/reliability-*.test.ts): a seeded
 * random that a failing run can replay, and a socket proxy whose death looks, to lab,
 * exactly like an engine that went away.
 */

/** A small, fast PRNG (mulberry32): the same seed gives the same moments. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The seed of this run: LAB_TEST_SEED to replay one, else a fresh one. Printed either way. */
export function testSeed(suite: string): number {
  const given = process.env.LAB_TEST_SEED;
  const seed = given !== undefined && /^\d+$/.test(given) ? Number(given) : randomBytes(4).readUInt32BE(0);
  console.log(`${suite}: seed ${seed} (replay with LAB_TEST_SEED=${seed})`);
  return seed;
}

/** 6 hex digits: scenario names and foreign resources of one test run never meet another's. */
export const token = (): string => randomBytes(3).toString("hex");

export async function scenarioDir(prefix: string, files: Record<string, string>): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), `lab-${prefix}-`));
  await Promise.all(Object.entries(files).map(([name, text]) => writeFile(join(dir, name), text)));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A unix socket that forwards to the engine's. lab pointed at it (DOCKER_HOST) works as
 * usual until `close()`: then every open connection is cut and the socket file is gone,
 * which is what lab sees when the engine dies. The shared engine itself is never touched.
 */
export async function engineProxy(target = localEngineSocket()): Promise<{ path: string; host: string; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "lab-proxy-"));
  const path = join(dir, "engine.sock");
  const open = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target);
    open.add(client).add(upstream);
    const cut = (): void => {
      client.destroy();
      upstream.destroy();
      open.delete(client);
      open.delete(upstream);
    };
    client.pipe(upstream).pipe(client);
    client.on("error", cut).on("close", cut);
    upstream.on("error", cut).on("close", cut);
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  let closed = false;
  return {
    path,
    host: `unix://${path}`,
    async close() {
      if (closed) return;
      closed = true;
      for (const s of open) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** The socket of the engine the tests use: DOCKER_HOST's when it names one, else the default. */
function localEngineSocket(): string {
  const host = process.env.DOCKER_HOST;
  return host?.startsWith("unix://") ? host.slice("unix://".length) : "/var/run/docker.sock";
}

/** Resolves after `ms`. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** After a suite: removes what its runs left, which happens only when an assertion failed, so that no other suite meets it. */
export async function removeLeftovers(runIds: readonly string[]): Promise<void> {
  for (const id of runIds) if ((await leftovers(id)).length > 0) await lab(["clean", "--run", id]);
}
