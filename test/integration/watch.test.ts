import { mkdtemp, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { docker, leftovers, startLab, type Running } from "./cli.js";

const WORLD = `name: watched
networks: { app: {} }
containers:
  a: { image: busybox, init: true, command: sleep 600, networks: [app] }
  b: { image: busybox, init: true, command: sleep 600, networks: [app] }
`;
const FIRST = `steps:
  - name: first step ran
    resolve: { from: b, name: a }
`;
const SECOND = `${FIRST}  - name: second step ran
    ping: { from: a, host: b }
`;

let dir: string;
let running: Running | undefined;
afterAll(async () => {
  // Whatever happened, nothing of the run may stay: the process and its world.
  if (running && running.child.exitCode === null) {
    running.child.kill("SIGINT");
    await running.done.catch(() => undefined);
  }
  const runId = running?.runId();
  if (runId) for (const name of await leftovers(runId)) await docker("rm", "-f", name).catch(() => docker("network", "rm", name).catch(() => undefined));
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** Saves as vim does: a new file renamed over the old one. */
async function save(path: string, text: string): Promise<void> {
  await writeFile(`${path}.swp`, text);
  await rename(`${path}.swp`, path);
}

/** Resolves once the watch has said it waits for `n` times: the n-th run (or invalid save) is over. */
async function waits(run: Running, n: number): Promise<void> {
  const pattern = new RegExp(`(lab: waiting for [^\\n]* to change[^\\n]*\\n[\\s\\S]*){${n}}`);
  await run.waitFor(pattern);
}

/** The engine's ids of the run's containers, by name, from the docker CLI. */
async function containerIds(runId: string): Promise<Record<string, string>> {
  const out = await docker(
    "ps",
    "-a",
    "--no-trunc",
    "--filter",
    `label=io.lab.run=${runId}`,
    "--filter",
    "label=io.lab.role=scenario",
    "--format",
    "{{.Names}} {{.ID}}",
  );
  return Object.fromEntries(
    out
      .split("\n")
      .filter(Boolean)
      .map((l) => l.split(" ") as [string, string]),
  );
}

describe("lab run --watch", () => {
  it("re-runs the steps on the world that is up, provisions again when the world changes, waits out an invalid save, tears down on SIGINT", async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-watch-"));
    const path = join(dir, "watched.yaml");
    await writeFile(path, WORLD + FIRST);
    const run = (running = startLab(["run", "--watch", path, "--reporter", "plain"], { timeoutMs: 900_000 }));

    await waits(run, 1);
    const runId = run.runId()!;
    expect(run.stdout()).toMatch(/✓ first step ran/);
    const first = await containerIds(runId);
    expect(Object.keys(first).sort()).toEqual([`lab-${runId}-watched--a`, `lab-${runId}-watched--b`]);

    // A step added: the same containers, the new step ran.
    await save(path, WORLD + SECOND);
    await waits(run, 2);
    const second = run.stdout().slice(run.stdout().indexOf("world unchanged"));
    expect(run.stdout()).toContain("lab: world unchanged: steps only");
    expect(second).toMatch(/✓ first step ran/);
    expect(second).toMatch(/✓ second step ran/);
    expect(await containerIds(runId)).toEqual(first);

    // An alias for a: a new world, with the alias, under new ids.
    await save(
      path,
      WORLD.replace(
        "a: { image: busybox, init: true, command: sleep 600, networks: [app] }",
        "a: { image: busybox, init: true, command: sleep 600, networks: { app: { aliases: [alpha] } } }",
      ) + SECOND,
    );
    await waits(run, 3);
    expect(run.stdout()).toContain("lab: world changed (container a changed): provisioning again");
    const third = await containerIds(runId);
    expect(Object.keys(third).sort()).toEqual(Object.keys(first).sort());
    for (const name of Object.keys(first)) expect(third[name]).not.toBe(first[name]);
    const aliases = await docker("inspect", "-f", "{{json .NetworkSettings.Networks}}", `lab-${runId}-watched--a`);
    expect(JSON.parse(aliases)[`lab-${runId}-watched--app`].Aliases).toContain("alpha");

    // An invalid save: its error with its position, and the world untouched.
    await save(path, `${WORLD}steps:\n  - resolve: { from: b, name: [a\n`);
    await waits(run, 4);
    expect(run.stdout()).toMatch(new RegExp(`${path.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")}:\\d+:\\d+: `));
    expect(run.stdout()).toContain("the file is not valid: the world is left as it is");
    expect(await containerIds(runId)).toEqual(third);

    // SIGINT: the world torn down, the process gone with 130.
    run.child.kill("SIGINT");
    const done = await run.done;
    expect(done.code).toBe(130);
    expect(done.stderr).toContain(`lab: interrupted by SIGINT; everything run ${runId} created was removed.`);
    expect(await leftovers(runId)).toEqual([]);
  });
});
