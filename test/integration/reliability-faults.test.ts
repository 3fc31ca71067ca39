import { afterAll, describe, expect, it } from "vitest";
import { docker, leftovers, startLab } from "./cli.js";
import { engineProxy, removeLeftovers, scenarioDir, sleep, token } from "../reliability/support.js";

/**
 * The engine changes under a running scenario: one of its containers is killed or removed
 * with the docker CLI, its network is removed, or the engine's socket goes away. Each run
 * must fail with a sentence that names the cause, finish its teardown, and exit as
 * docs/reliability.md says: 1 when the world changed (the scenario failed), 3 when the
 * engine is gone (the environment failed).
 */

const tok = token();
const dirs: { remove(): Promise<void> }[] = [];
const runIds: string[] = [];

// `sleep: 2s` leaves the test time to do its damage after the first step passed.
const scenario = (name: string): string => `
name: ${name}
networks: { net: {} }
containers:
  a: { image: busybox, init: true, command: sleep 600, networks: [net] }
  b: { image: busybox, init: true, command: sleep 600, networks: [net] }
steps:
  - resolve: { from: b, name: a }
  - sleep: 2s
  - exec: { container: a, command: "true" }
  - resolve: { from: b, name: a }
    timeout: 1s
  - state: { container: a, status: running }
    timeout: 1s
`;

async function start(name: string, env?: Record<string, string>) {
  const files = await scenarioDir("faults", { "s.yaml": scenario(name) });
  dirs.push(files);
  const run = startLab(["run", `${files.dir}/s.yaml`], { env });
  await run.waitFor(new RegExp(`\\[${name}\\] ✓ b resolves a`));
  runIds.push(run.runId()!);
  return run;
}

/** The engine's id of a scenario container or network of this run, found by label. */
const real = async (kind: "container" | "network", runId: string, name: string): Promise<string> => {
  const filters = ["--filter", `label=io.lab.run=${runId}`, "--filter", `label=io.lab.name=${name}`];
  const ids =
    kind === "container" ? await docker("ps", "-aq", ...filters, "--filter", "label=io.lab.role=scenario") : await docker("network", "ls", "-q", ...filters);
  expect(ids, `${kind} ${name} of run ${runId}`).toMatch(/^[0-9a-f]+$/);
  return ids;
};

afterAll(async () => {
  await removeLeftovers(runIds);
  await Promise.all(dirs.map((d) => d.remove()));
});

describe("engine faults in the middle of a run", () => {
  it.concurrent("a container killed behind lab's back: exit 1, the sentence says it was killed, teardown finishes", async () => {
    const name = `fault-kill-${tok}`;
    const run = await start(name);
    await docker("kill", await real("container", run.runId()!, "a"));
    const r = await run.done;
    const context = `${r.stdout}\n${r.stderr}`;
    expect(r.code, context).toBe(1);
    expect(r.stdout, context).toContain(
      `[${name}] error: the scenario's world changed behind lab's back: container "a" stopped, though no step stopped it: it exited with code 137, killed by SIGKILL`,
    );
    expect(r.stdout, context).toContain("Container a is not running");
    expect(r.stdout, context).toMatch(new RegExp(`\\[${name}\\] removed \\d+ resources?`));
    expect(r.stdout, context).not.toContain("could not remove");
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it.concurrent("a container removed behind lab's back: exit 1, the sentence says it was removed, teardown finishes", async () => {
    const name = `fault-rm-${tok}`;
    const run = await start(name);
    await docker("rm", "-f", await real("container", run.runId()!, "a"));
    const r = await run.done;
    const context = `${r.stdout}\n${r.stderr}`;
    expect(r.code, context).toBe(1);
    expect(r.stdout, context).toContain(
      `[${name}] error: the scenario's world changed behind lab's back: container "a" was removed, though no step removed it`,
    );
    expect(r.stdout, context).toContain("No such container: a");
    expect(r.stdout, context).toMatch(new RegExp(`\\[${name}\\] removed \\d+ resources?`));
    expect(r.stdout, context).not.toContain("could not remove");
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it.concurrent("its network removed behind lab's back: exit 1, the sentence says so, teardown finishes", async () => {
    const name = `fault-net-${tok}`;
    const run = await start(name);
    const id = run.runId()!;
    const network = await real("network", id, "net");
    // A network with members cannot go: take them off first, as someone cleaning up by hand would.
    const members = (await docker("network", "inspect", "--format", "{{range $k, $v := .Containers}}{{$k}} {{end}}", network)).split(" ").filter(Boolean);
    for (const m of members) await docker("network", "disconnect", "-f", network, m);
    await docker("network", "rm", network);
    const r = await run.done;
    const context = `${r.stdout}\n${r.stderr}`;
    expect(r.code, context).toBe(1);
    expect(r.stdout, context).toContain(
      `[${name}] error: the scenario's world changed behind lab's back: network "net" was removed, though lab did not remove it`,
    );
    expect(r.stdout, context).toMatch(new RegExp(`\\[${name}\\] ✗ b resolves a`));
    expect(r.stdout, context).toMatch(new RegExp(`\\[${name}\\] removed \\d+ resources?`));
    expect(r.stdout, context).not.toContain("could not remove");
    expect(await leftovers(id)).toEqual([]);
  });

  it.concurrent.each([
    ["during the steps", "✓ b resolves a", 0],
    ["during provisioning", "provisioning", 150],
  ] as const)(
    "the engine's socket disappears %s: exit 3, one sentence names the lost engine, lab clean --run removes what is left",
    async (_when, marker, delayMs) => {
      const name = `fault-lost-${tok}-${delayMs}`;
      const proxy = await engineProxy();
      const files = await scenarioDir("faults", { "s.yaml": scenario(name) });
      dirs.push(files);
      const run = startLab(["run", `${files.dir}/s.yaml`], { env: { DOCKER_HOST: proxy.host } });
      await run.waitFor(new RegExp(`\\[${name}\\] ${marker}`));
      const id = run.runId()!;
      runIds.push(id);
      await sleep(delayMs);
      await proxy.close();
      const lostAt = performance.now();
      const r = await run.done;
      const context = `${r.stdout}\n${r.stderr}`;
      // No hang: lab notices at its next engine call (the sleep step ends within 2 s).
      expect(performance.now() - lostAt, context).toBeLessThan(10_000);
      expect(r.code, context).toBe(3);
      const sentence = `Lost the Docker engine at ${proxy.host} (`;
      expect(r.stdout, context).toContain(`[${name}] error: ${sentence}`);
      expect(r.stderr, context).toContain(`lab: resources of run ${id} may be left behind; once the engine is back, remove them with: lab clean --run ${id}`);
      expect(r.stderr, context).not.toContain("unexpected error");
      // The engine itself is fine: through its real socket, the clean removes what the run could not.
      const left = await leftovers(id);
      if (delayMs === 0) {
        expect(r.stdout, context).toMatch(new RegExp(`\\[${name}\\] could not remove container lab-${id}-${name}--a: ${sentence.replace(/[.()/]/g, "\\$&")}`));
        expect(left.length, context).toBeGreaterThanOrEqual(3);
      }
      const clean = await startLab(["clean", "--run", id]).done;
      expect(clean.code, clean.stdout + clean.stderr).toBe(0);
      expect(await leftovers(id)).toEqual([]);
    },
  );
});
