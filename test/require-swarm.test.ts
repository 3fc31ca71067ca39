import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLab } from "../src/api/run-lab.js";
import { EnvironmentError, ExitCode } from "../src/errors.js";
import type { EngineInfo, EngineRef, NetworkCreate } from "../src/runtime/runtime.js";
import { fakeClock, FakeRuntime } from "./support/fake-runtime.js";

const OVERLAY = `name: mesh-lab
known_differences: { podman: "no swarm mode on Podman" }
networks:
  mesh: { driver: overlay, attachable: true }
containers:
  a: { image: busybox, networks: [mesh] }
steps:
  - inspect: { network: mesh, path: Scope, equals: swarm }
`;
const BRIDGE = `name: plain-lab
containers:
  a: { image: busybox }
steps:
  - inspect: { container: a, path: State.Running, equals: true }
`;

async function files(texts: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lab-swarm-"));
  for (const [name, text] of Object.entries(texts)) await writeFile(join(dir, name), text);
  return dir;
}

class Podman extends FakeRuntime {
  override async info(): Promise<EngineInfo> {
    return { ...(await super.info()), engine: "Podman" };
  }
}

describe("a lab that needs overlay", () => {
  it("without an active swarm is an environment error (exit 3) naming the command, before anything is provisioned", async () => {
    const dir = await files({ "mesh.yaml": OVERLAY, "plain.yaml": BRIDGE });
    const runtime = new FakeRuntime();
    const thrown = await runLab({ paths: [dir], reporters: [], runtime, clock: fakeClock() }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(EnvironmentError);
    const error = thrown as EnvironmentError;
    expect(error.code).toBe("E_NO_SWARM");
    expect(error.exitCode).toBe(ExitCode.environment);
    expect(error.message).toContain('scenario mesh-lab declares the overlay network "mesh"');
    expect(error.message).toContain('its swarm state is "inactive"');
    expect(error.message).toContain("bash scripts/setup --swarm");
    expect(error.message).toContain("docker swarm init");
    // The other scenario of the run is not started either: nothing reached the engine but the two questions.
    expect(runtime.calls).toEqual(["info", "swarmState"]);
  });

  it("says which state a swarm that is not active is in", async () => {
    const runtime = new FakeRuntime();
    runtime.swarm = "pending";
    const thrown = await runLab({ paths: [await files({ "mesh.yaml": OVERLAY })], reporters: [], runtime, clock: fakeClock() }).catch((e: unknown) => e);
    expect((thrown as EnvironmentError).message).toContain('its swarm state is "pending"');
  });

  it("on an active swarm creates the overlay network as declared, attachable", async () => {
    const created: NetworkCreate[] = [];
    const runtime = new (class extends FakeRuntime {
      override async createNetwork(spec: NetworkCreate): Promise<EngineRef> {
        created.push(spec);
        return super.createNetwork(spec);
      }
    })();
    runtime.swarm = "active";
    const { results } = await runLab({ paths: [await files({ "mesh.yaml": OVERLAY })], reporters: [], runtime, clock: fakeClock() });
    expect(runtime.calls.slice(0, 2)).toEqual(["info", "swarmState"]);
    expect(created.map((n) => [n.driver, n.attachable])).toEqual([["overlay", true]]);
    expect(results[0]!.status).not.toBe("skipped");
  });

  it("asks nothing about the swarm when no network is an overlay", async () => {
    const runtime = new FakeRuntime();
    await runLab({ paths: [await files({ "plain.yaml": BRIDGE })], reporters: [], runtime, clock: fakeClock() });
    expect(runtime.calls).not.toContain("swarmState");
  });

  it("needs no swarm on an engine where the scenario is a known difference (skipped, not provisioned)", async () => {
    const runtime = new Podman();
    const { results, summary } = await runLab({ paths: [await files({ "mesh.yaml": OVERLAY })], reporters: [], runtime, clock: fakeClock() });
    expect(runtime.calls).not.toContain("swarmState");
    expect(results[0]!.status).toBe("skipped");
    expect(summary.exitCode).toBe(0);
  });
});
