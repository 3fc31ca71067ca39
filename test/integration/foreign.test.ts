import { join } from "node:path";
import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, lab, leftovers, SCENARIOS } from "./cli.js";

/**
 * Resources that lab did not create, made independently through testcontainers with the
 * very names the DNS scenario uses (`db`, `web`, network `app`): lab must never touch them.
 */
describe("resources lab did not create", () => {
  let network: StartedNetwork;
  let db: StartedTestContainer;
  let web: StartedTestContainer;
  const state = async () =>
    docker("inspect", "--format", "{{.Id}} {{.State.Status}} {{.State.StartedAt}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}", "db", "web");

  beforeAll(async () => {
    network = await new Network({ nextUuid: () => "app" }).start();
    db = await new GenericContainer("busybox").withName("db").withCommand(["sleep", "600"]).withNetwork(network).withStartupTimeout(20_000).start();
    web = await new GenericContainer("busybox").withName("web").withCommand(["sleep", "600"]).start();
  });

  afterAll(async () => {
    await Promise.allSettled([db?.stop({ timeout: 0 }), web?.stop({ timeout: 0 })]);
    await network?.stop();
  });

  it("survive lab run, a killed run, and lab clean", async () => {
    const before = await state();
    expect(before).toMatch(/running/);

    const run = await lab(["run", join(SCENARIOS, "dns.yaml")]);
    expect(run.code).toBe(0);
    expect(await state()).toBe(before);

    const killed = await lab(["run", join(SCENARIOS, "dns.yaml")], { interrupt: { when: /✓ web finds db by its container name/, signal: "SIGKILL" } });
    expect(killed.signal).toBe("SIGKILL");
    expect((await leftovers(killed.runId!)).length).toBeGreaterThan(0);

    const young = await lab(["clean", "--run", killed.runId!, "--older-than", "1h"]);
    expect(young.stdout).toContain("removed 0 containers and 0 networks");
    expect((await leftovers(killed.runId!)).length).toBeGreaterThan(0);

    const clean = await lab(["clean", "--run", killed.runId!]);
    expect(clean.code).toBe(0);
    expect(await leftovers(killed.runId!)).toEqual([]);

    expect(await state()).toBe(before);
    expect(await docker("network", "inspect", "--format", "{{.Name}} {{len .Containers}}", "app")).toBe("app 1");
  });
});
