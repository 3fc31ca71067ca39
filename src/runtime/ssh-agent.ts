import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { Agent } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Duplex } from "node:stream";

/**
 * `ssh://user@host:port` as the docker CLI does it: the system's `ssh` (so ~/.ssh/config,
 * identity files and the agent apply) runs `docker system dial-stdio` on the engine's host,
 * and HTTP flows over its stdin and stdout. One ssh process per connection; keep-alive
 * reuses it for the next request. BatchMode: a run has nobody to type a passphrase, and a
 * prompt would hang it.
 */
export function sshArgs(host: string, controlDir?: string): string[] {
  const url = new URL(host);
  const args = ["-o", "ConnectTimeout=30", "-o", "BatchMode=yes", "-T"];
  // Every exec attaches on its own connection; without a shared master each one costs a full
  // handshake. The master ends by itself 10 s after the last connection closes.
  if (controlDir) args.push("-o", "ControlMaster=auto", "-o", `ControlPath=${join(controlDir, "%C")}`, "-o", "ControlPersist=10s");
  if (url.username) args.push("-l", decodeURIComponent(url.username));
  if (url.port) args.push("-p", url.port);
  // `--` ends ssh's options: a host name can never be read as one.
  args.push("--", url.hostname.replace(/^\[|\]$/g, ""), "docker", "system", "dial-stdio");
  return args;
}

/** An ssh that failed before the engine answered: its own last sentence ("Permission denied (publickey)."). */
export class SshError extends Error {
  readonly code = "E_SSH";
  constructor(
    readonly stderr: string,
    readonly exitCode: number | null,
  ) {
    super(stderr.trim().split("\n").filter(Boolean).pop() ?? `ssh exited with ${exitCode}`);
  }
}

export function sshAgent(host: string, command = "ssh"): Agent {
  const agent = new Agent({ keepAlive: true, maxFreeSockets: 32 });
  const controlDir = mkdtempSync(join(tmpdir(), "lab-ssh-"));
  process.once("exit", () => rmSync(controlDir, { recursive: true, force: true }));
  const args = sshArgs(host, controlDir);
  (agent as unknown as { createConnection: () => Duplex }).createConnection = () => new SshStream(spawn(command, args, { stdio: ["pipe", "pipe", "pipe"] }));
  return agent;
}

/** A socket-shaped Duplex over one ssh child: what node:http needs of a connection. */
class SshStream extends Duplex {
  private stderr = "";
  private answered = false;

  constructor(private readonly child: ChildProcess) {
    super();
    child.stdout!.on("data", (chunk: Buffer) => {
      this.answered = true;
      if (!this.push(chunk)) child.stdout!.pause();
    });
    // The end comes at 'close', once ssh's exit status tells a refusal from an engine that hung up.
    child.stderr!.on("data", (chunk: Buffer) => (this.stderr = (this.stderr + chunk.toString("utf8")).slice(-4000)));
    child.stdin!.on("error", () => undefined);
    child.on("error", (error) => this.destroy(error));
    child.on("close", (code) => {
      if (!this.answered && code !== 0) this.destroy(new SshError(this.stderr, code));
      else this.push(null);
    });
    // node:http waits for 'connect' on sockets it did not get already connected.
    queueMicrotask(() => this.emit("connect"));
  }

  override _read(): void {
    this.child.stdout!.resume();
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    this.child.stdin!.write(chunk, done);
  }

  override _final(done: () => void): void {
    this.child.stdin!.end();
    done();
  }

  override _destroy(error: Error | null, done: (error?: Error | null) => void): void {
    if (this.child.exitCode === null) this.child.kill();
    done(error);
  }

  // What node:http and its Agent call on a net.Socket.
  setTimeout(): this {
    return this;
  }
  setNoDelay(): this {
    return this;
  }
  setKeepAlive(): this {
    return this;
  }
  ref(): this {
    this.child.ref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { ref?: () => void } | null)?.ref?.();
    return this;
  }
  unref(): this {
    this.child.unref();
    for (const s of [this.child.stdin, this.child.stdout, this.child.stderr]) (s as unknown as { unref?: () => void } | null)?.unref?.();
    return this;
  }
}
