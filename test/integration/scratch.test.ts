import { randomBytes } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { docker, leftovers } from "./cli.js";
import { runYaml } from "./run-api.js";

const IMAGE = `lab-test/scratch-server-${randomBytes(3).toString("hex")}`;

/**
 * As a new user would: an application image with nothing but one static server binary (no
 * shell, no tools). Probes still see from inside it, through the probe container.
 */
describe("probes into a FROM scratch image", () => {
  afterAll(async () => {
    await docker("rmi", "-f", IMAGE).catch(() => undefined);
  });

  it("resolve, tcp, ping and interfaces work from inside an image without tools", async () => {
    const { result, step } = await runYaml(
      `
name: scratch-server
images:
  ${IMAGE}: { build: . }
networks: { app: {} }
containers:
  server: { image: ${IMAGE}, networks: [app] }
  client: { image: busybox, init: true, command: ["nc", "-ll", "-p", "7000", "-e", "/bin/cat"], networks: [app] }
steps:
  - { name: the image has no shell, exec: { container: server, command: "sh -c true" }, expect: fail, error: "/no such file|not found/" }
  - { name: resolve from inside, resolve: { from: server, name: client, addresses: [client] } }
  - { name: tcp from inside, tcp: { from: server, host: client, port: 7000 } }
  - { name: ping from inside, ping: { from: server, host: client } }
  - { name: interfaces from inside, interfaces: { container: server, only: [eth0, lo] } }
  - { name: the server serves, http: { from: client, url: "http://server/", contains: "static and alone" } }
`,
      {},
      {
        Dockerfile:
          'FROM busybox AS tools\nFROM scratch\nCOPY --from=tools /bin/busybox /httpd\nCOPY index.html /www/index.html\nCMD ["/httpd", "-f", "-p", "80", "-h", "/www"]\n',
        "index.html": "static and alone\n",
      },
    );
    expect(result.error).toBeUndefined();
    expect(result.steps.map((s) => `${s.name}: ${s.status}`)).toEqual([
      "the image has no shell: passed",
      "resolve from inside: passed",
      "tcp from inside: passed",
      "ping from inside: passed",
      "interfaces from inside: passed",
      "the server serves: passed",
    ]);
    expect(step("the image has no shell").message).toMatch(/failed as expected: `sh -c true` in server exited with 12[67]/);
    // The engine's own view: the image holds a single file besides the page.
    expect(await docker("history", "--format", "{{.CreatedBy}}", IMAGE)).toContain("COPY");
    expect(await leftovers(result.runId)).toEqual([]);
  });
});
