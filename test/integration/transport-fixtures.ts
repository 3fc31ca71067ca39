import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * Listeners in front of the local engine socket, started by the tests on loopback and ended
 * by PID: socat for tcp and TLS, a private sshd for ssh. Nothing here touches the engine.
 */
export const ENGINE_SOCKET = "/var/run/docker.sock";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

export interface Listener {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

/** The child's end as text once it has one: its exit or why it could not start. */
type Ended = () => string | undefined;

async function waitForPort(port: number, ended: Ended): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const why = ended();
    if (why !== undefined) throw new Error(why);
    const open = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on 127.0.0.1:${port}`);
}

/**
 * Spawns a listener and waits for its port. A command that is not installed rejects here,
 * naming it (scripts/setup installs them), rather than crash the test file with an
 * unhandled spawn error.
 */
async function started(command: string, args: string[], port: number, dir: string): Promise<Listener & { log(): string }> {
  const child: ChildProcess = spawn(command, args, { stdio: ["ignore", "ignore", "pipe"] });
  let log = "";
  let failed: Error | undefined;
  child.once("error", (e) => (failed = e));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const stop = async (): Promise<void> => {
    if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      process.kill(child.pid, "SIGTERM");
      await exited;
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const ended: Ended = () =>
    failed
      ? `${command} could not start (${failed.message}); scripts/setup installs it`
      : child.exitCode !== null || child.signalCode !== null
        ? `${command} exited (${child.exitCode ?? child.signalCode}): ${log}`
        : undefined;
  try {
    await waitForPort(port, ended);
  } catch (e) {
    await stop();
    throw new Error(`${(e as Error).message}${log && !failed ? `\n${log}` : ""}`, { cause: e });
  }
  return { port, dir, stop, log: () => log };
}

export async function tcpListener(): Promise<Listener> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "lab-tcp-"));
  return started("socat", [`TCP-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork`, `UNIX-CONNECT:${ENGINE_SOCKET}`], port, dir);
}

const openssl = (dir: string, ...args: string[]): void => void execFileSync("openssl", args, { cwd: dir, stdio: "ignore" });

/** A CA, a server certificate for 127.0.0.1 and a client pair, in `dir` as the docker CLI names them. */
export function makeCerts(dir: string, cn = "lab-test-ca"): void {
  mkdirSync(dir, { recursive: true });
  openssl(dir, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${cn}`, "-keyout", "ca-key.pem", "-out", "ca.pem");
  writeFileSync(join(dir, "server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
  writeFileSync(join(dir, "client.ext"), "extendedKeyUsage=clientAuth\n");
  openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "server-key.pem", "-out", "server.csr");
  openssl(
    dir,
    "x509",
    "-req",
    "-in",
    "server.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca-key.pem",
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    "server.ext",
    "-out",
    "server-cert.pem",
  );
  openssl(dir, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=client", "-keyout", "key.pem", "-out", "client.csr");
  openssl(
    dir,
    "x509",
    "-req",
    "-in",
    "client.csr",
    "-CA",
    "ca.pem",
    "-CAkey",
    "ca-key.pem",
    "-CAcreateserial",
    "-days",
    "1",
    "-extfile",
    "client.ext",
    "-out",
    "cert.pem",
  );
}

/** TLS in front of the engine, verifying client certificates against the CA of `dir`/server. */
export async function tlsListener(): Promise<Listener & { certs: string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "lab-tls-"));
  const certs = join(dir, "client");
  makeCerts(certs);
  const listener = await started(
    "socat",
    [
      `OPENSSL-LISTEN:${port},bind=127.0.0.1,reuseaddr,fork,cert=${join(certs, "server-cert.pem")},key=${join(certs, "server-key.pem")},cafile=${join(certs, "ca.pem")},verify=1`,
      `UNIX-CONNECT:${ENGINE_SOCKET}`,
    ],
    port,
    dir,
  );
  return { ...listener, certs };
}

/**
 * A private sshd on loopback that accepts one key made here for `user`, and an ssh client
 * configuration for it, used through an `ssh` on PATH that adds `-F` (ssh reads the user's
 * ~/.ssh/config from the passwd entry's home, which tests must not touch).
 */
export async function sshServer(user: string): Promise<Listener & { path: string; alias: string; wrongKeyPath: string; log(): string }> {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), "lab-sshd-"));
  chmodSync(dir, 0o755);
  const keygen = (file: string): void => void execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-f", join(dir, file)]);
  keygen("host_key");
  keygen("user_key");
  keygen("other_key");
  execFileSync("cp", [join(dir, "user_key.pub"), join(dir, "authorized_keys")]);
  chmodSync(join(dir, "authorized_keys"), 0o644);
  mkdirSync("/run/sshd", { recursive: true });
  writeFileSync(
    join(dir, "sshd_config"),
    [
      `Port ${port}`,
      "ListenAddress 127.0.0.1",
      `HostKey ${join(dir, "host_key")}`,
      `AuthorizedKeysFile ${join(dir, "authorized_keys")}`,
      `AllowUsers ${user}`,
      "PasswordAuthentication no",
      "KbdInteractiveAuthentication no",
      "UsePAM no",
      "StrictModes no",
      `PidFile ${join(dir, "sshd.pid")}`,
      "LogLevel VERBOSE",
      "",
    ].join("\n"),
  );
  const client = (key: string): string =>
    [
      "Host labengine",
      "  HostName 127.0.0.1",
      `  Port ${port}`,
      `  User ${user}`,
      `  IdentityFile ${join(dir, key)}`,
      "  IdentitiesOnly yes",
      "  IdentityAgent none",
      "  StrictHostKeyChecking no",
      "  UserKnownHostsFile /dev/null",
      "  LogLevel ERROR",
      "",
    ].join("\n");
  writeFileSync(join(dir, "ssh_config"), client("user_key"));
  writeFileSync(join(dir, "ssh_config_wrong"), client("other_key"));
  for (const [bin, conf] of [
    ["bin", "ssh_config"],
    ["bin-wrong", "ssh_config_wrong"],
  ]) {
    mkdirSync(join(dir, bin));
    writeFileSync(join(dir, bin, "ssh"), `#!/bin/sh\nexec /usr/bin/ssh -F ${join(dir, conf)} "$@"\n`);
    chmodSync(join(dir, bin, "ssh"), 0o755);
  }
  const sshd = await started("/usr/sbin/sshd", ["-D", "-e", "-f", join(dir, "sshd_config")], port, dir);
  return {
    ...sshd,
    alias: "labengine",
    path: `${join(dir, "bin")}:${process.env.PATH}`,
    wrongKeyPath: `${join(dir, "bin-wrong")}:${process.env.PATH}`,
  };
}

/**
 * A user whose login shell is /bin/sh, in the docker group: root's shell start-up here
 * (pyenv in ~/.bashrc) costs seconds per ssh command. Created when missing, removed after:
 * once the sessions of the sshd here have ended, which they do a moment after their clients
 * (the ssh of lab and of the docker CLI) have gone; userdel refuses a user with processes.
 */
export function sshUser(name: string): { remove(): Promise<void> } {
  let created = false;
  try {
    execFileSync("id", [name], { stdio: "ignore" });
  } catch {
    execFileSync("useradd", ["-M", "-d", "/nonexistent", "-s", "/bin/sh", "-G", "docker", "-p", "*", name]);
    created = true;
  }
  const processes = (): string => {
    try {
      return execFileSync("ps", ["-o", "pid=,args=", "-u", name], { encoding: "utf8" }).trim();
    } catch {
      return ""; // ps exits 1 when the user has none
    }
  };
  const remove = async (): Promise<void> => {
    if (!created) return;
    for (let i = 0; i < 100 && processes() !== ""; i++) await new Promise((r) => setTimeout(r, 100));
    const left = processes();
    if (left !== "") throw new Error(`${name} still runs, 10 s after its sshd stopped:\n${left}`);
    execFileSync("userdel", [name]);
  };
  return { remove };
}
