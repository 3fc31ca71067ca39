import { describe, expect, it } from "vitest";
import { docker, lab, leftovers } from "./cli.js";
import { runYaml } from "./run-api.js";

describe("readiness before the steps", () => {
  it("waits for health, a log line and a listening port, then runs the steps", async () => {
    const { result, events } = await runYaml(`
name: wait-ready
networks: { app: {} }
containers:
  healthy:
    image: busybox
    init: true
    command: ["sh", "-c", "sleep 1; touch /tmp/ok; sleep 600"]
    networks: [app]
    healthcheck: { test: "test -f /tmp/ok", interval: 200ms, retries: 20 }
    wait: { healthy: true, timeout: 20s }
  chatty:
    image: busybox
    init: true
    command: ["sh", "-c", "sleep 1; echo ready to serve; sleep 600"]
    networks: [app]
    wait: { log: ready to serve }
  listener:
    image: busybox
    init: true
    command: ["sh", "-c", "sleep 1; nc -ll -p 7000 -e /bin/cat"]
    networks: [app]
    wait: { port: 7000 }
steps:
  - { name: health was reached, state: { container: healthy, status: running } }
  - { name: the port answers at once, tcp: { from: chatty, host: listener, port: 7000 }, timeout: 100ms }
`);
    expect(result.error).toBeUndefined();
    expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed"]);
    // Each wait held the steps back: the probes ran only after all three were ready.
    expect(result.timings.provisionMs).toBeGreaterThan(1000);
    expect(events.findIndex((e) => e.type === "step-start")).toBeGreaterThan(events.findIndex((e) => e.type === "phase" && e.phase === "steps"));
    expect(await leftovers(result.runId)).toEqual([]);
  });

  it("fails the scenario, saying the limit, when a container never becomes ready", async () => {
    const { result, summary } = await runYaml(`
name: never-ready
containers:
  mute: { image: busybox, init: true, command: sleep 600, wait: { log: never printed, timeout: 1s } }
steps:
  - { state: { container: mute, status: running } }
`);
    expect(summary.exitCode).toBe(1);
    expect(result.error?.message).toBe('container "mute" did not log "never printed" within 1s (wait.timeout)');
    expect(result.steps[0]!.status).toBe("skipped");
    expect(await leftovers(result.runId)).toEqual([]);
  });

  it("--keep leaves the world up and prints the real names and the clean command", async () => {
    const r = await lab(["run", "--keep", "scenarios/containers-are-processes.yaml"]);
    expect(r.code).toBe(0);
    const real = `lab-${r.runId}-containers-are-processes--app`;
    expect(r.stdout).toMatch(new RegExp(`container app +${real}`));
    expect(r.stdout).toContain(`lab clean --run ${r.runId}`);
    expect(await docker("inspect", "-f", "{{.State.Status}}", real)).toBe("exited");
    const clean = await lab(["clean", "--run", r.runId!]);
    expect(clean.code).toBe(0);
    expect(await leftovers(r.runId!)).toEqual([]);
  });
});
