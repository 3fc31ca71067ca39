import { randomBytes } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, lab, leftovers, SCENARIOS } from "./cli.js";
import { withPrefix } from "./own-names.js";

const EXERCISE = join(SCENARIOS, "exercises/from-scratch.yaml");

interface JsonStep {
  name: string;
  kind: string;
  status: string;
  message: string;
}

/** `lab check FILE --reporter json`: its exit code, its run and its results by title. */
async function check(file: string): Promise<{ code: number | null; runId: string; steps: Map<string, JsonStep>; stderr: string }> {
  const r = await lab(["check", file, "--reporter", "json"], { timeoutMs: 180_000 });
  const report = JSON.parse(r.stdout) as { runId: string; scenarios: { steps: JsonStep[] }[] };
  expect(report.scenarios).toHaveLength(1);
  return { code: r.code, runId: report.runId, steps: new Map(report.scenarios[0]!.steps.map((s) => [s.name, s])), stderr: r.stderr };
}

const statuses = (steps: Map<string, JsonStep>): Record<string, string> => Object.fromEntries([...steps].map(([name, s]) => [name, s.status]));

/**
 * The check-only exercise, solved by hand: the docker commands its teacher's comment gives are
 * run with the docker CLI (under names of this test: lab check binds the exact names the file
 * says, so the test checks a copy whose names are its own). On the empty engine and on a half
 * built world lab check fails, naming what is missing; on the whole world it passes.
 */
describe("the check-only exercise (scenarios/exercises/from-scratch.yaml)", () => {
  const prefix = `scr${randomBytes(3).toString("hex")}`;
  let dir: string;
  let file: string;
  let names: string[];
  let as: (name: string) => string;
  let commands: string[][];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-from-scratch-"));
    const copy = withPrefix(await readFile(EXERCISE, "utf8"), prefix);
    ({ names, as } = copy);
    file = join(dir, "from-scratch.yaml");
    await writeFile(file, copy.text);
    commands = [...copy.text.matchAll(/^# {3}docker (.+)$/gm)].map((m) => m[1]!.trim().split(/\s+/));
  });
  afterAll(async () => {
    for (const name of names) await docker("rm", "-f", name).catch(() => "");
    for (const name of names) await docker("network", "rm", name).catch(() => "");
    await rm(dir, { recursive: true, force: true });
  }, 60_000);

  it("fails on the empty engine, then on a half-built world naming what is missing, then passes once the teacher's commands have all run", async () => {
    // The file's comment gives the learner's commands: two networks, three containers, a connect.
    expect(commands.map((c) => c.slice(0, 2).join(" "))).toEqual(["network create", "network create", "run -d", "network connect", "run -d", "run -d"]);
    const [web, db, client, front, back] = ["web", "db", "client", "front", "back"].map(as) as [string, string, string, string, string];

    const empty = await check(file);
    expect(empty.code, empty.stderr).toBe(1);
    for (const name of [web, db, client])
      expect(empty.steps.get(`${name} exists`)).toMatchObject({ status: "failed", message: `no such container: lab looked for a container named "${name}"` });
    for (const name of [front, back])
      expect(empty.steps.get(`${name} exists`)).toMatchObject({ status: "failed", message: `no such network: lab looked for a network named "${name}"` });
    expect(empty.steps.get(`${client} reaches nginx by the alias www`)?.status).toBe("failed");
    expect(await leftovers(empty.runId)).toEqual([]);

    // Half of it: the networks and web, not yet on back; no db, no client.
    for (const c of commands.slice(0, 3)) await docker(...c);
    const half = await check(file);
    expect(half.code, half.stderr).toBe(1);
    expect(statuses(half.steps)).toMatchObject({
      [`${web} exists`]: "passed",
      [`${front} exists`]: "passed",
      [`${back} exists`]: "passed",
      [`${back} is internal`]: "passed",
      [`${web} runs the image nginx`]: "passed",
      [`${web} is on ${front} with the alias www`]: "passed",
      [`${web} publishes 80/tcp on 127.0.0.1`]: "passed",
      [`${web} is on ${back}`]: "failed",
      [`${db} exists`]: "failed",
      [`${client} exists`]: "failed",
    });
    expect(half.steps.get(`${web} is on ${back}`)!.message).toBe(`${web} is not on ${back}: it is on ${front}`);
    expect(await leftovers(half.runId)).toEqual([]);

    for (const c of commands.slice(3)) await docker(...c);
    const before = await docker("inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", web, db, client);
    const whole = await check(file);
    expect(whole.code, JSON.stringify([...whole.steps.values()].filter((s) => s.status !== "passed"))).toBe(0);
    expect(Object.values(statuses(whole.steps)).every((s) => s === "passed")).toBe(true);
    // Every declared fact was judged: 5 names, and web's image, networks, alias and port, db's and client's.
    expect(whole.steps.size).toBeGreaterThanOrEqual(15);
    expect(await leftovers(whole.runId)).toEqual([]);
    // lab check changed nothing of what the learner built.
    expect(await docker("inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", web, db, client)).toBe(before);
    expect((await docker("network", "inspect", "-f", "{{len .Containers}}", front, back)).split("\n")).toEqual(["2", "2"]);
  }, 600_000);
});
