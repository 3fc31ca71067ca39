import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { EnvironmentError, ExitCode } from "../src/errors.js";
import { engineNameOf, noEngine } from "../src/runtime/engine-api.js";
import { contextId, resolveEndpoint } from "../src/runtime/engine-endpoint.js";
import { SshError, sshArgs } from "../src/runtime/ssh-agent.js";

/** A DOCKER_CONFIG laid out as `docker context create` lays it out. */
function config(contexts: Record<string, { host: string; skipVerify?: boolean; tls?: boolean }>, current?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "lab-endpoint-"));
  for (const [name, c] of Object.entries(contexts)) {
    const meta = join(dir, "contexts", "meta", contextId(name));
    mkdirSync(meta, { recursive: true });
    writeFileSync(
      join(meta, "meta.json"),
      JSON.stringify({ Name: name, Metadata: {}, Endpoints: { docker: { Host: c.host, SkipTLSVerify: c.skipVerify ?? false } } }),
    );
    if (c.tls) {
      const tls = join(dir, "contexts", "tls", contextId(name), "docker");
      mkdirSync(tls, { recursive: true });
      writeFileSync(join(tls, "ca.pem"), "CA");
    }
  }
  if (current) writeFileSync(join(dir, "config.json"), JSON.stringify({ currentContext: current }));
  return dir;
}

describe("which engine: the docker CLI's order", () => {
  const dir = config({ a: { host: "tcp://127.0.0.1:1001" }, b: { host: "tcp://127.0.0.1:1002" }, c: { host: "tcp://127.0.0.1:1003" } }, "c");
  const env = { DOCKER_CONFIG: dir, DOCKER_HOST: "tcp://127.0.0.1:1000", DOCKER_CONTEXT: "b" };

  it("--context wins over DOCKER_HOST, DOCKER_CONTEXT and currentContext", () => {
    expect(resolveEndpoint({ context: "a" }, env)).toMatchObject({ host: "tcp://127.0.0.1:1001", context: "a" });
  });
  it("then DOCKER_HOST", () => expect(resolveEndpoint({}, env).host).toBe("tcp://127.0.0.1:1000"));
  it("then DOCKER_CONTEXT", () => expect(resolveEndpoint({}, { ...env, DOCKER_HOST: undefined }).host).toBe("tcp://127.0.0.1:1002"));
  it("then currentContext of config.json", () => expect(resolveEndpoint({}, { DOCKER_CONFIG: dir }).host).toBe("tcp://127.0.0.1:1003"));
  it("then the local socket", () =>
    expect(resolveEndpoint({}, { DOCKER_CONFIG: config({}) })).toMatchObject({ host: "unix:///var/run/docker.sock", transport: "unix", remote: false }));
  it("the context named default is the environment's engine", () =>
    expect(resolveEndpoint({ context: "default" }, { DOCKER_CONFIG: dir }).host).toBe("unix:///var/run/docker.sock"));

  it("an unknown context is exit 3 with one sentence that says what to do", () => {
    const fail = (): unknown => resolveEndpoint({ context: "nope" }, { DOCKER_CONFIG: dir });
    expect(fail).toThrow(EnvironmentError);
    try {
      fail();
    } catch (error) {
      expect((error as EnvironmentError).exitCode).toBe(ExitCode.environment);
      expect((error as Error).message).toMatch(/^Docker context "nope" \(from --context\) does not exist in .*; create it with `docker context create nope/);
      expect((error as Error).message.split(". ").length).toBe(1);
    }
  });

  it("a context with TLS material is tls, verified unless SkipTLSVerify", () => {
    const d = config({ t: { host: "tcp://127.0.0.1:2376", tls: true }, s: { host: "tcp://127.0.0.1:2376", tls: true, skipVerify: true } });
    const t = resolveEndpoint({ context: "t" }, { DOCKER_CONFIG: d });
    expect(t.transport).toBe("tls");
    expect(t.tls?.verify).toBe(true);
    expect(t.tls?.ca?.toString()).toBe("CA");
    expect(resolveEndpoint({ context: "s" }, { DOCKER_CONFIG: d }).tls?.verify).toBe(false);
  });
});

describe("DOCKER_HOST", () => {
  it("DOCKER_TLS_VERIFY makes tcp tls, with the files of DOCKER_CERT_PATH", () => {
    const certs = mkdtempSync(join(tmpdir(), "lab-certs-"));
    writeFileSync(join(certs, "ca.pem"), "CA");
    writeFileSync(join(certs, "cert.pem"), "CERT");
    writeFileSync(join(certs, "key.pem"), "KEY");
    const e = resolveEndpoint({}, { DOCKER_HOST: "tcp://127.0.0.1:2376", DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs });
    expect(e.transport).toBe("tls");
    expect([e.tls?.ca, e.tls?.cert, e.tls?.key].map(String)).toEqual(["CA", "CERT", "KEY"]);
    expect(e.tls?.verify).toBe(true);
    expect(resolveEndpoint({}, { DOCKER_HOST: "tcp://127.0.0.1:2375" }).transport).toBe("tcp");
  });

  it("remote means not this machine, by the address literal alone", () => {
    const remote = (host: string): boolean => resolveEndpoint({}, { DOCKER_HOST: host }).remote;
    expect(remote("tcp://127.0.0.1:2375")).toBe(false);
    expect(remote("ssh://root@127.0.0.1:22")).toBe(false);
    expect(remote("ssh://root@[::1]:22")).toBe(false);
    expect(remote("unix:///run/lab-podman.sock")).toBe(false);
    expect(remote("tcp://10.1.2.3:2375")).toBe(true);
    expect(remote("ssh://me@build-box")).toBe(true);
    // A name is never looked up: 127.example.com is another machine.
    expect(remote("tcp://127.example.com:2375")).toBe(true);
  });

  it("an address that is no engine address is exit 3 and says how to write one", () => {
    expect(() => resolveEndpoint({}, { DOCKER_HOST: "http://127.0.0.1:2375" })).toThrow(
      /DOCKER_HOST is "http:\/\/127.0.0.1:2375", which is no engine address; write unix:\/\/\/path, tcp:\/\/host:port or ssh:\/\/user@host\[:port\]\./,
    );
  });
});

describe("the ssh transport", () => {
  it("runs `docker system dial-stdio` with the user and port of the URL, the host after --", () => {
    expect(sshArgs("ssh://me@127.0.0.1:2222")).toEqual([
      "-o",
      "ConnectTimeout=30",
      "-o",
      "BatchMode=yes",
      "-T",
      "-l",
      "me",
      "-p",
      "2222",
      "--",
      "127.0.0.1",
      "docker",
      "system",
      "dial-stdio",
    ]);
    expect(sshArgs("ssh://box")).toEqual(["-o", "ConnectTimeout=30", "-o", "BatchMode=yes", "-T", "--", "box", "docker", "system", "dial-stdio"]);
  });
  it("a host that looks like an option stays a host", () => {
    const args = sshArgs("ssh://-oProxyCommand=x");
    expect(args.indexOf("--")).toBe(args.length - 5);
  });
  it("a refused key becomes one sentence with the command to check it", () => {
    const error = noEngine(
      new SshError("Warning: something\nme@127.0.0.1: Permission denied (publickey).\n", 255),
      resolveEndpoint({}, { DOCKER_HOST: "ssh://me@127.0.0.1:2222" }),
    );
    expect(error.exitCode).toBe(3);
    expect(error.message).toBe(
      "ssh to the engine at ssh://me@127.0.0.1:2222 failed (me@127.0.0.1: Permission denied (publickey).); give ssh a key that this user accepts there (IdentityFile in ~/.ssh/config, or ssh-add it to the agent) and check with `ssh -p 2222 me@127.0.0.1 docker version`.",
    );
  });
});

describe("which engine answers", () => {
  it("Podman by its engine component, Docker otherwise", () => {
    expect(engineNameOf({ Components: [{ Name: "Podman Engine" }] })).toBe("Podman");
    expect(engineNameOf({ Components: [{ Name: "Engine" }, { Name: "containerd" }], Platform: { Name: "" } })).toBe("Docker");
    expect(engineNameOf({ Platform: { Name: "Docker Engine - Community" } })).toBe("Docker");
  });
});
