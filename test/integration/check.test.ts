import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { check, ValidationError } from "../../src/index.js";
import { docker, lab, leftovers } from "./cli.js";

const run = promisify(execFile);
const id = randomBytes(3).toString("hex");
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "lab-check-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The engine's own view of containers (id, state, start time): lab check must leave them as they were. */
const states = async (names: string[]): Promise<string> => docker("inspect", "-f", "{{.Id}} {{.State.Status}} {{.State.StartedAt}}", ...names);

describe("lab check on a world made by hand", () => {
  const net = `chk-${id}-app`;
  const web = `chk-${id}-web`;
  const db = `chk-${id}-db`;
  beforeAll(async () => {
    await docker("network", "create", net);
    await docker("run", "-d", "--init", "--name", web, "--network", net, "--network-alias", "api", "busybox", "sleep", "600");
    await docker("run", "-d", "--init", "--name", db, "--network", net, "busybox", "sleep", "600");
  }, 60_000);
  afterAll(async () => {
    await docker("rm", "-f", web, db).catch(() => "");
    await docker("network", "rm", net).catch(() => "");
  });

  it("passes, then fails after a docker network disconnect, naming what changed, and touches nothing", async () => {
    const file = join(dir, "handmade.yaml");
    await writeFile(
      file,
      `name: handmade-${id}\nnetworks:\n  ${net}: {}\ncontainers:\n  ${web}:\n    image: busybox\n    networks:\n      ${net}: { aliases: [api] }\nsteps:\n  - resolve: { from: ${db}, name: api }\n    timeout: 3s\n`,
    );
    const before = await states([web, db]);
    const ok = await lab(["check", file, "--reporter", "json"]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(await leftovers(JSON.parse(ok.stdout).runId)).toEqual([]);
    await docker("network", "disconnect", net, web);
    const bad = await lab(["check", file, "--reporter", "plain"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain(`✗ ${web} is on ${net} with the alias api`);
    expect(bad.stdout).toContain(`${web} is not on ${net}`);
    expect(bad.stdout).toMatch(new RegExp(`✗ ${db} resolves api`));
    expect(await states([web, db])).toBe(before);
  }, 120_000);

  it("is the API's check(): results as data, a wrong fact named, actions refused with a ValidationError", async () => {
    const file = join(dir, "api.yaml");
    await writeFile(
      file,
      `name: api-${id}\ncontainers:\n  ${db}:\n    image: busybox\n    networks: [${net}]\nsteps:\n  - { name: db sees its network, inspect: { container: ${db}, path: NetworkSettings.Networks, contains: ${net} } }\n`,
    );
    const before = await states([db]);
    const good = await check(file);
    expect(good.ok, JSON.stringify(good.results[0]?.steps)).toBe(true);
    expect(good.results[0]!.steps.map((s) => s.status)).toEqual(good.results[0]!.steps.map(() => "passed"));
    expect(good.results[0]!.steps.some((s) => s.name.includes(`${db} is on ${net}`))).toBe(true);
    expect(await leftovers(good.runId)).toEqual([]);
    const wrong = join(dir, "api-wrong.yaml");
    await writeFile(wrong, `name: api-wrong-${id}\ncontainers:\n  ${db}:\n    image: nginx\n`);
    const bad = await check(wrong);
    expect(bad.exitCode).toBe(1);
    expect(bad.results[0]!.steps.find((s) => s.status === "failed")?.message).toMatch(/image/);
    const act = join(dir, "api-act.yaml");
    await writeFile(act, `name: api-act-${id}\nsteps:\n  - stop: ${db}\n`);
    await expect(check(act)).rejects.toBeInstanceOf(ValidationError);
    expect(await states([db])).toBe(before);
  }, 120_000);

  it("refuses an action step before any engine call (exit 2), and says a missing name is what it looked for", async () => {
    const act = join(dir, "act.yaml");
    await writeFile(act, `name: act-${id}\nsteps:\n  - stop: ${web}\n`);
    const refused = await lab(["check", act]);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/act\.yaml:3:\d+: step 1 \("stop"\) is an action/);
    expect((await docker("inspect", "-f", "{{.State.Running}}", web)).trim()).toBe("true");
    const gone = join(dir, "gone.yaml");
    await writeFile(gone, `name: gone-${id}\ncontainers:\n  chk-${id}-nobody: { image: busybox }\n`);
    const missing = await lab(["check", gone, "--reporter", "plain"]);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toContain(`no such container: lab looked for a container named "chk-${id}-nobody"`);
  }, 60_000);
});

describe("lab check --compose-project on a docker-compose v1 project", () => {
  const project = `chk${id}`;
  let compose: string;
  beforeAll(async () => {
    compose = join(dir, "docker-compose.yml");
    await writeFile(
      compose,
      `version: "2.4"\nservices:\n  web:\n    image: busybox\n    init: true\n    command: sleep 600\n    networks: { front: { aliases: [www] }, back: {} }\n    ports: ["127.0.0.1::8080"]\n  api:\n    image: busybox\n    init: true\n    command: sleep 600\n    networks: [back]\n  db:\n    image: busybox\n    init: true\n    command: sleep 600\n    networks: { back: { aliases: [database] } }\nnetworks:\n  front: {}\n  back: { internal: true }\n`,
    );
    await run("docker-compose", ["-p", project, "-f", compose, "up", "-d"], { timeout: 120_000 });
  }, 180_000);
  afterAll(async () => {
    await run("docker-compose", ["-p", project, "-f", compose, "down", "-t", "0"], { timeout: 120_000 }).catch(() => undefined);
  }, 180_000);

  it("passes a correct file, fails a wrong one naming the fact, and leaves the project's containers as they were", async () => {
    const names = (await docker("ps", "-aq", "--filter", `label=com.docker.compose.project=${project}`)).trim().split("\n");
    expect(names).toHaveLength(3);
    const before = await states(names);
    const good = join(dir, "good.yaml");
    await writeFile(
      good,
      `name: shop-${id}\nnetworks:\n  back: { internal: true }\n  front: {}\ncontainers:\n  web:\n    image: busybox\n    networks:\n      front: { aliases: [www] }\n      back:\n    ports: [{ container: 8080, host_ip: 127.0.0.1 }]\n  db:\n    image: busybox\n    networks:\n      back: { aliases: [database] }\nsteps:\n  - resolve: { from: api, name: database }\n  - resolve: { from: web, name: db }\n`,
    );
    const ok = await lab(["check", "--compose-project", project, good, "--reporter", "plain"]);
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const wrong = join(dir, "wrong.yaml");
    await writeFile(
      wrong,
      `name: shop-wrong-${id}\nnetworks:\n  back: { internal: false }\ncontainers:\n  api:\n    image: busybox\n    networks:\n      front:\n`,
    );
    const bad = await lab(["check", "--compose-project", project, wrong, "--reporter", "plain"]);
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain("✗ back is not internal");
    expect(bad.stdout).toContain("✗ api is on front");
    expect(bad.stdout).toContain("api is not on front: it is on back");
    expect(await states(names)).toBe(before);
  }, 180_000);
});
