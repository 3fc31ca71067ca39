import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lab, leftovers, SCENARIOS } from "./cli.js";
import { makeCerts, sshServer, sshUser, tcpListener, tlsListener, type Listener } from "./transport-fixtures.js";

/**
 * The lab library over each transport: tcp, TLS and ssh listeners in front of the local
 * engine, started here on loopback and ended by PID. The docker CLI, through the same
 * listener, is the oracle that the transport works; the engine's labels tell what was left.
 */
const LABS = ["dns.yaml", "publish-ports.yaml"].map((f) => join(SCENARIOS, f));
const work = mkdtempSync(join(tmpdir(), "lab-transports-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Runs the labs with `env`, and returns the JSON report and the exit. */
async function runLabs(env: Record<string, string | undefined>, args: string[] = []) {
  const out = join(work, `report-${Math.random().toString(16).slice(2)}.json`);
  const run = await lab(["run", ...LABS, "--reporter", "plain", "--reporter", "json", "--output", out, ...args], { env, timeoutMs: 240_000 });
  const report = run.code === 0 || run.code === 1 ? (JSON.parse(readFileSync(out, "utf8")) as { summary: { engine: Record<string, string> } }) : undefined;
  return { run, report };
}

const dockerVia = (env: Record<string, string>, ...args: string[]): string =>
  execFileSync("docker", args, { env: { ...process.env, ...env }, encoding: "utf8" }).trim();

describe("DOCKER_HOST=tcp://", () => {
  let tcp: Listener;
  beforeAll(async () => void (tcp = await tcpListener()));
  afterAll(() => tcp?.stop());

  it("runs the dns and publish-ports labs, and reports the transport", async () => {
    const env = { DOCKER_HOST: `tcp://127.0.0.1:${tcp.port}` };
    expect(dockerVia(env, "version", "--format", "{{.Server.APIVersion}}")).toMatch(/^1\.\d+$/);
    const { run, report } = await runLabs(env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report?.summary.engine).toMatchObject({
      name: "Docker",
      transport: "tcp",
      endpoint: env.DOCKER_HOST,
      version: dockerVia(env, "version", "--format", "{{.Server.Version}}"),
    });
    expect(run.stdout).toContain(`over tcp at ${env.DOCKER_HOST}`);
    expect(await leftovers(run.runId!)).toEqual([]);
  }, 300_000);
});

describe("DOCKER_HOST=tcp:// with DOCKER_TLS_VERIFY", () => {
  let tls: Listener & { certs: string };
  beforeAll(async () => void (tls = await tlsListener()));
  afterAll(() => tls?.stop());
  const envOf = (certs: string): Record<string, string> => ({ DOCKER_HOST: `tcp://127.0.0.1:${tls.port}`, DOCKER_TLS_VERIFY: "1", DOCKER_CERT_PATH: certs });

  it("runs the labs with the client certificates of DOCKER_CERT_PATH", async () => {
    const env = envOf(tls.certs);
    expect(dockerVia(env, "version", "--format", "{{.Server.Version}}")).not.toBe("");
    const { run, report } = await runLabs(env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report?.summary.engine).toMatchObject({ transport: "tls", endpoint: env.DOCKER_HOST });
    expect(await leftovers(run.runId!)).toEqual([]);
  }, 300_000);

  it("certificates of another CA: exit 3, one sentence naming the directory to fix, no stack trace", async () => {
    const other = join(work, "other-ca");
    makeCerts(other, "some-other-ca");
    // The docker CLI refuses them too.
    expect(() => dockerVia(envOf(other), "version")).toThrow();
    const { run } = await runLabs(envOf(other));
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(
      new RegExp(
        `^lab: The TLS handshake with the engine at tcp://127.0.0.1:${tls.port} failed \\(.+\\); fix the certificates in ${other} \\(ca.pem must have signed`,
        "m",
      ),
    );
    expect(run.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});

describe("DOCKER_HOST=ssh://", () => {
  const USER = "labssh";
  let user: ReturnType<typeof sshUser>;
  let sshd: Awaited<ReturnType<typeof sshServer>>;
  beforeAll(async () => {
    user = sshUser(USER);
    sshd = await sshServer(USER);
  });
  afterAll(async () => {
    await sshd?.stop();
    await user?.remove();
  });

  it("runs the labs through the system's ssh, with the host, port, user and key of the ssh configuration", async () => {
    // A Host alias that only the ssh configuration resolves: lab must have gone through ssh for it.
    const env = { DOCKER_HOST: `ssh://${sshd.alias}`, PATH: sshd.path };
    expect(dockerVia(env, "version", "--format", "{{.Server.Version}}")).not.toBe("");
    const { run, report } = await runLabs(env);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(report?.summary.engine).toMatchObject({ transport: "ssh", endpoint: env.DOCKER_HOST });
    expect(sshd.log()).toMatch(new RegExp(`Accepted publickey for ${USER} from 127\\.0\\.0\\.1`));
    expect(await leftovers(run.runId!)).toEqual([]);
  }, 300_000);

  it("a key the server refuses: exit 3, one sentence with ssh's reason and the command to check", async () => {
    const env = { DOCKER_HOST: `ssh://${sshd.alias}`, PATH: sshd.wrongKeyPath };
    expect(() => dockerVia(env, "version")).toThrow();
    const { run } = await runLabs(env);
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(
      `lab: ssh to the engine at ssh://labengine failed (${USER}@127.0.0.1: Permission denied (publickey).); give ssh a key that this user accepts there (IdentityFile in ~/.ssh/config, or ssh-add it to the agent) and check with \`ssh labengine docker version\`.`,
    );
  }, 60_000);
});

describe("docker contexts, made by `docker context create` in a DOCKER_CONFIG of the test's own", () => {
  let tcp: Listener;
  let config: string;
  const PUBLISH = join(SCENARIOS, "publish-ports.yaml");
  beforeAll(async () => {
    tcp = await tcpListener();
    config = mkdtempSync(join(tmpdir(), "lab-docker-config-"));
    dockerVia({ DOCKER_CONFIG: config }, "context", "create", "lab-tcp", "--docker", `host=tcp://127.0.0.1:${tcp.port}`);
  });
  afterAll(async () => {
    await tcp?.stop();
    rmSync(config, { recursive: true, force: true });
  });

  const endpointOf = async (env: Record<string, string | undefined>, args: string[] = []): Promise<string | undefined> => {
    const out = join(work, `ctx-${Math.random().toString(16).slice(2)}.json`);
    const run = await lab(["run", PUBLISH, "--reporter", "json", "--output", out, ...args], {
      env: { DOCKER_CONFIG: config, DOCKER_HOST: undefined, DOCKER_CONTEXT: undefined, ...env },
      timeoutMs: 120_000,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(await leftovers(run.runId!)).toEqual([]);
    return (JSON.parse(readFileSync(out, "utf8")) as { summary: { engine: { endpoint: string } } }).summary.engine.endpoint;
  };

  it("--context, DOCKER_CONTEXT and currentContext each choose the context's engine; DOCKER_HOST beats DOCKER_CONTEXT", async () => {
    const host = `tcp://127.0.0.1:${tcp.port}`;
    expect(await endpointOf({}, ["--context", "lab-tcp"])).toBe(host);
    expect(await endpointOf({ DOCKER_CONTEXT: "lab-tcp" })).toBe(host);
    expect(await endpointOf({ DOCKER_CONTEXT: "lab-tcp", DOCKER_HOST: "unix:///var/run/docker.sock" })).toBe("unix:///var/run/docker.sock");
    dockerVia({ DOCKER_CONFIG: config }, "context", "use", "lab-tcp");
    expect(await endpointOf({})).toBe(host);
    // --context beats DOCKER_HOST, as in the docker CLI.
    expect(await endpointOf({ DOCKER_HOST: "unix:///nonexistent.sock" }, ["--context", "lab-tcp"])).toBe(host);
  }, 300_000);

  it("an unknown context: exit 3, one sentence with the command to create it, before any engine call", async () => {
    const run = await lab(["run", PUBLISH, "--context", "no-such-ctx"], { env: { DOCKER_CONFIG: config } });
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(
      `lab: Docker context "no-such-ctx" (from --context) does not exist in ${join(config, "contexts")}; create it with \`docker context create no-such-ctx --docker host=…\` or choose one that \`docker context ls\` lists.`,
    );
    const viaEnv = await lab(["run", PUBLISH], { env: { DOCKER_CONFIG: config, DOCKER_CONTEXT: "no-such-ctx", DOCKER_HOST: undefined } });
    expect(viaEnv.code).toBe(3);
    expect(viaEnv.stderr).toContain('Docker context "no-such-ctx" (from DOCKER_CONTEXT) does not exist');
  }, 60_000);
});
