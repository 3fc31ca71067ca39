import { randomInt } from "node:crypto";
import { describe, expect, it } from "vitest";
import { docker, leftovers } from "./cli.js";
import { runYaml } from "./run-api.js";

// A host port of our own per run: test files run side by side.
const PORT = 20000 + randomInt(20000);

const WORLD = `
networks: { app: {} }
containers:
  web: { image: nginx, networks: [app], ports: ["127.0.0.1:${PORT}:80"] }
  box:
    image: busybox
    init: true
    command: ["sh", "-c", "echo hello from box; echo oops >&2; sleep 600"]
    networks: [app]
  sealed: { image: busybox, init: true, command: sleep 600, network_mode: none }
  done: { image: busybox, command: ["sh", "-c", "exit 3"] }
`;

describe("every probe kind against the real engine", () => {
  it("passes where the world agrees", async () => {
    const { summary, result } = await runYaml(`name: probes-pass\n${WORLD}
steps:
  - { name: http from a container, http: { from: box, url: "http://web/", contains: "Welcome to nginx!" } }
  - { name: http from the host, http: { from: host, url: "http://127.0.0.1:${PORT}/" } }
  - { name: http status, http: { from: box, url: "http://web/nothing-here", status: 404 } }
  - { name: ping, ping: { from: box, host: web } }
  - { name: resolve, resolve: { from: box, name: web, addresses: [web] } }
  - { name: tcp, tcp: { from: box, host: web, port: 80 } }
  - { name: tcp from host, tcp: { from: host, host: 127.0.0.1, port: ${PORT} } }
  - { name: exec stdout, exec: { container: box, command: "echo hi", stdout: { equals: "hi" } } }
  - { name: exec exit code, exec: { container: box, command: "sh -c 'exit 2'", exit_code: 2 } }
  - { name: exec action, exec: { container: box, command: "touch /tmp/x" } }
  - { name: logs contains, logs: { container: box, contains: "hello from box" } }
  - { name: logs matches stderr too, logs: { container: box, matches: "^oops$" } }
  - { name: process, process: { container: box, command: "sleep 600" } }
  - { name: host process, host_process: { container: box } }
  - { name: inspect container, inspect: { container: box, path: HostConfig.NetworkMode, contains: app } }
  - { name: inspect network, inspect: { network: app, path: Internal, equals: false } }
  - { name: inspect exists, inspect: { container: box, path: Config.Labels.io.lab.run, exists: true } }
  - { name: state exited, state: { container: done, status: exited, exit_code: 3 } }
  - { name: port, port: { container: web, mappings: ["80/tcp -> 127.0.0.1:${PORT}"] } }
  - { name: interfaces only, interfaces: { container: sealed, only: [lo] } }
  - { name: interfaces has, interfaces: { container: box, has: [eth0, lo] } }
  - { name: stats, stats: { container: box } }
  - { name: pause, pause: box }
  - { name: paused, state: { container: box, status: paused } }
  - { name: unpause, unpause: box }
  - { name: restart, restart: box }
  - { name: kill, kill: sealed }
  - { name: killed, state: { container: sealed, status: exited } }
  - { name: remove, remove: done }
  - { name: sleep, sleep: 50ms }
`);
    expect(result.steps.filter((s) => s.status !== "passed").map((s) => `${s.name}: ${s.message}`)).toEqual([]);
    expect(summary.exitCode).toBe(0);
    expect(await leftovers(result.runId)).toEqual([]);
  });

  it("fails each kind for the right reason, with the evidence", async () => {
    const { summary, result, step } = await runYaml(`name: probes-fail\n${WORLD}
steps:
  - { name: http body, http: { from: box, url: "http://web/", contains: "Goodbye" }, timeout: 300ms }
  - { name: http status, http: { from: box, url: "http://web/nothing-here" }, timeout: 300ms }
  - { name: http from host refused, http: { from: host, url: "http://127.0.0.1:${PORT + 1}/" }, timeout: 300ms }
  - { name: ping without network, ping: { from: sealed, host: web }, timeout: 300ms }
  - { name: resolve unknown, resolve: { from: box, name: nobody }, timeout: 300ms }
  - { name: resolve wrong address, resolve: { from: box, name: web, addresses: [box] }, timeout: 300ms }
  - { name: tcp closed port, tcp: { from: box, host: web, port: 81 }, timeout: 300ms }
  - { name: exec exit code, exec: { container: box, command: "sh -c 'echo bad >&2; exit 4'" }, timeout: 300ms }
  - { name: exec stdout, exec: { container: box, command: "echo hi", stdout: { contains: "bye" } }, timeout: 300ms }
  - { name: logs, logs: { container: box, contains: "never said" }, timeout: 300ms }
  - { name: process, process: { container: box, command: "nginx" }, timeout: 300ms }
  - { name: host process of an exited container, host_process: { container: done }, timeout: 300ms }
  - { name: inspect, inspect: { container: box, path: HostConfig.NetworkMode, equals: host }, timeout: 300ms }
  - { name: inspect missing, inspect: { network: app, path: No.Such.Path, exists: true }, timeout: 300ms }
  - { name: state, state: { container: done, status: running }, timeout: 300ms }
  - { name: port, port: { container: web, mappings: ["80/tcp -> 0.0.0.0:1"] }, timeout: 300ms }
  - { name: interfaces, interfaces: { container: sealed, has: [eth0] }, timeout: 300ms }
  - { name: stats, stats: { container: done }, timeout: 300ms }
  - { name: start refused, start: done, expect: fail, error: "port is already allocated" }
  - { name: unpause refused, unpause: box }
  - { name: connect twice, connect: { container: box, network: app } }
  - { name: probe cannot join a stopped target, resolve: { from: done, name: web }, expect: fail }
`);
    // A pass probe that runs out of time says so after its last message; the message itself is what is checked here.
    const msg = (name: string) => step(name).message.replace(/ \(still failing after .*\)$/, "");
    expect(summary.exitCode).toBe(1);
    expect(
      result.steps.filter((s) => s.status !== "failed").map((s) => s.name),
      "every step fails",
    ).toEqual([]);
    expect(msg("http body")).toMatch(/box got 200 from http:\/\/web\/, but the body does not contain "Goodbye"/);
    expect(step("http body").evidence.body).toContain("Welcome to nginx!");
    expect(msg("http status")).toMatch(/got 404 from http:\/\/web\/nothing-here, not 200/);
    expect(msg("http from host refused")).toMatch(new RegExp(`host got no HTTP response from http://127.0.0.1:${PORT + 1}/: .*ECONNREFUSED`));
    expect(msg("ping without network")).toMatch(/sealed cannot ping web: web does not resolve/);
    expect(msg("resolve unknown")).toMatch(/nobody does not resolve in box: NXDOMAIN from nameserver 127\.0\.0\.11/);
    expect(step("resolve unknown").evidence.nameserver).toBe("127.0.0.11");
    expect(msg("resolve wrong address")).toMatch(/web resolves in box to [\d.]+ \(nameserver 127\.0\.0\.11\), which does not include box \([\d.]+\)/);
    expect(msg("tcp closed port")).toMatch(/box cannot connect to web:81/);
    expect(msg("exec exit code")).toBe("`sh -c echo bad >&2; exit 4` in box exited with 4, not 0");
    expect(step("exec exit code").evidence.stderr).toBe("bad");
    expect(msg("exec stdout")).toBe('`echo hi` in box: expected stdout to contain "bye"');
    expect(msg("logs")).toBe('expected the logs of box to contain "never said"');
    expect(step("logs").evidence.logs).toContain("hello from box");
    expect(msg("process")).toBe('docker top box lists no process running "nginx"');
    expect(step("process").evidence["docker top"]).toMatch(/sleep 600/);
    expect(msg("host process of an exited container")).toBe("done is exited: it has no main process");
    expect(msg("inspect")).toMatch(/^\.HostConfig\.NetworkMode of box is lab-\w+-probes-fail--app, not host/);
    expect(msg("inspect missing")).toBe(".No.Such.Path of app does not exist");
    expect(msg("state")).toBe("done is exited, not running");
    expect(msg("port")).toBe("docker port web does not show 80/tcp -> 0.0.0.0:1");
    expect(step("port").evidence["docker port"]).toBe(`80/tcp -> 127.0.0.1:${PORT}`);
    expect(msg("interfaces")).toBe("sealed has no eth0 (it has lo)");
    expect(msg("stats")).toMatch(/no live figures for done/);
    expect(msg("start refused")).toMatch(/^expected a failure, but done started/);
    expect(msg("unpause refused")).toMatch(/is not paused/);
    expect(msg("connect twice")).toMatch(/endpoint with name .*box already exists in network/);
    expect(msg("probe cannot join a stopped target")).toMatch(
      /^the probe could not run, so the expected failure was not observed: .*non running container: done$/i,
    );
    expect(await leftovers(result.runId)).toEqual([]);
  });

  it("agrees with docker top, logs, exec and inspect on the same containers", async () => {
    const { result } = await runYaml(
      `name: probes-agree\n${WORLD}
steps:
  - { name: top, process: { container: box, command: "sleep 600" } }
  - { name: pid, host_process: { container: box } }
  - { name: logs, logs: { container: box, contains: "hello from box" } }
  - { name: exec, exec: { container: box, command: "cat /etc/hostname", stdout: { equals: box } } }
  - { name: state, state: { container: done, status: exited, exit_code: 3 } }
`,
      { keep: "always" },
    );
    try {
      expect(result.steps.map((s) => s.status)).toEqual(["passed", "passed", "passed", "passed", "passed"]);
      const real = (name: string) => result.resources.find((r) => r.name === name)!.real;
      const box = real("box");
      expect(await docker("top", box)).toMatch(/sleep 600/);
      const pid = await docker("inspect", "-f", "{{.State.Pid}}", box);
      expect(result.steps[1]!.message).toContain(`PID ${pid} on the host`);
      expect(await docker("logs", box)).toContain("hello from box");
      expect(await docker("exec", box, "cat", "/etc/hostname")).toBe("box");
      expect(await docker("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", real("done"))).toBe("exited 3");
    } finally {
      await docker("rm", "-f", ...result.resources.filter((r) => r.kind === "container").map((r) => r.real));
      await docker("network", "rm", ...result.resources.filter((r) => r.kind === "network").map((r) => r.real));
    }
    expect(await leftovers(result.runId)).toEqual([]);
  });
});
