import { describe, expect, it } from "vitest";
import { docker, leftovers, removeNetworks } from "./cli.js";
import { runYaml } from "./run-api.js";

// Servers that accept and then neither write nor close: busybox nc handing each connection
// to a `sleep`, and a paused nginx (its kernel still completes the handshake, into a backlog
// of 511; busybox nc's own backlog is too short to stay open once paused).
const WORLD = `
networks: { app: {} }
containers:
  silent: { image: busybox, init: true, command: "nc -ll -p 8080 -e sleep 1000", networks: [app] }
  frozen: { image: nginx, networks: [app] }
  box: { image: busybox, init: true, command: sleep 600, networks: [app] }
`;

describe("tcp against a server that accepts and never closes", () => {
  it("concludes once the connection opens, also through a paused container", async () => {
    const { result, step } = await runYaml(
      `name: tcp-silent\n${WORLD}
steps:
  - { name: silent server, tcp: { from: box, host: silent, port: 8080 }, timeout: 8s }
  - { pause: frozen }
  - { name: paused server, tcp: { from: box, host: frozen, port: 80 }, timeout: 8s }
  - { name: paused server is not refused, tcp: { from: box, host: frozen, port: 80 }, expect: fail, timeout: 8s }
  - { name: closed port, tcp: { from: box, host: silent, port: 8081 }, expect: fail, timeout: 8s }
`,
      { keep: "always" },
    );
    try {
      expect(step("silent server").status, step("silent server").message).toBe("passed");
      expect(step("paused server").status, step("paused server").message).toBe("passed");
      // The connection opened, so the expected failure did not happen; the probe did run.
      expect(step("paused server is not refused").status).toBe("failed");
      expect(step("paused server is not refused").message).not.toMatch(/could not run/);
      expect(step("paused server is not refused").message).toMatch(/box connected to frozen:80/);
      expect(step("closed port").status, step("closed port").message).toBe("passed");
      expect(step("closed port").message).toMatch(/Connection refused/);

      // The engine's view: frozen is paused, and a plain client that waits for the server to close hangs there.
      const real = (name: string) => result.resources.find((r) => r.name === name)!.real;
      expect(await docker("inspect", "-f", "{{.State.Paused}}", real("frozen"))).toBe("true");
      const waited = await docker("exec", real("box"), "sh", "-c", `timeout 2 nc -w 1 ${real("frozen")} 80 </dev/null; echo $?`);
      expect(waited, "busybox nc waits for a paused server to close; timeout(1) ends it").toBe("143");
    } finally {
      await docker("rm", "-f", ...result.resources.filter((r) => r.kind === "container").map((r) => r.real)).catch(() => "");
      await removeNetworks(...result.resources.filter((r) => r.kind === "network").map((r) => r.real));
    }
    expect(await leftovers(result.runId)).toEqual([]);
  }, 120_000);
});
