import { afterAll, describe, expect, it } from "vitest";
import { runLab } from "../../src/api/run-lab.js";
import { DockerodeRuntime } from "../../src/runtime/dockerode-runtime.js";
import type { Runtime } from "../../src/runtime/runtime.js";
import { leftovers, startLab } from "./cli.js";
import { removeLeftovers, scenarioDir, token } from "../reliability/support.js";

/**
 * The leak checks of the reliability suites must be able to fail. Here the teardown is
 * broken on purpose for one kind of resource (the runtime's remove is a no-op), and the
 * same check that every other suite ends with, `leftovers(runId)` through the docker CLI,
 * must find exactly what was left; `lab clean --run` then removes it.
 */

const tok = token();
const runIds: string[] = [];
const dirs: { remove(): Promise<void> }[] = [];

afterAll(async () => {
  await removeLeftovers(runIds);
  await Promise.all(dirs.map((d) => d.remove()));
});

describe("the leak check catches a teardown that skips one kind of resource", () => {
  it.each(["network", "container"] as const)("teardown without %s removal leaves them, and the check sees them", async (kind) => {
    const name = `leak-${kind}-${tok}`;
    const files = await scenarioDir("leak", {
      "s.yaml": `name: ${name}\nnetworks: { net: {} }\ncontainers:\n  a: { image: busybox, init: true, command: sleep 600, networks: [net] }\nsteps:\n  - state: { container: a, status: running }\n`,
    });
    dirs.push(files);
    const broken: Runtime = new DockerodeRuntime();
    if (kind === "network") broken.removeNetwork = async () => undefined;
    else broken.removeContainer = async () => undefined;

    const { summary } = await runLab({ paths: [`${files.dir}/s.yaml`], reporters: [], runtime: broken });
    runIds.push(summary.runId);
    const left = await leftovers(summary.runId);
    // The check fails loudly: this is what the other suites' `expect(leftovers(id)).toEqual([])` would report.
    expect(left).toContain(`lab-${summary.runId}-${name}--${kind === "network" ? "net" : "a"}`);
    if (kind === "network") expect(left).toEqual([`lab-${summary.runId}-${name}--net`]);

    const clean = await startLab(["clean", "--run", summary.runId]).done;
    expect(clean.code).toBe(0);
    expect(clean.stdout).toMatch(kind === "network" ? /removed 0 containers and 1 networks/ : /removed [1-9]\d* containers and [01] networks/);
    expect(await leftovers(summary.runId)).toEqual([]);
  });
});
