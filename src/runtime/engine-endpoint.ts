import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { EnvironmentError } from "../errors.js";
import { isLoopback } from "../probes/host-connect.js";

/**
 * Which engine lab talks to, decided as the docker CLI decides it, before any connection:
 * `--context` > `DOCKER_HOST` > `DOCKER_CONTEXT` > `currentContext` of config.json > the local socket.
 * Plain data; the transport is built from it in engine-transport.ts.
 */

export type Transport = "unix" | "npipe" | "tcp" | "tls" | "ssh";

export interface TlsMaterial {
  ca?: Buffer;
  cert?: Buffer;
  key?: Buffer;
  /** Verify the engine's certificate (DOCKER_TLS_VERIFY, or a context without SkipTLSVerify). */
  verify: boolean;
  /** Where the files were looked for, for messages. */
  dir: string;
}

export interface EngineEndpoint {
  /** The engine's address as the docker CLI writes it: unix:///var/run/docker.sock, tcp://127.0.0.1:2376, ssh://root@host:22. */
  host: string;
  transport: Transport;
  /**
   * True when the engine runs on another machine. Decided on the address alone: a socket, or a
   * tcp/ssh address that is a loopback literal (127.x, ::1, localhost), is this machine; any
   * other name or address is another one (no name is looked up to decide).
   */
  remote: boolean;
  /** Where the choice came from: `DOCKER_HOST`, `context "x" (--context)`, `the default socket`… */
  source: string;
  /** The context's name when a context chose the engine. */
  context?: string;
  tls?: TlsMaterial;
}

export interface EndpointChoice {
  /** `--context <name>` */
  context?: string;
}

const DEFAULT_SOCKET = "unix:///var/run/docker.sock";
const DEFAULT_NPIPE = "npipe:////./pipe/docker_engine";

/** The docker CLI's configuration directory: $DOCKER_CONFIG, else ~/.docker. */
export const configDir = (env: NodeJS.ProcessEnv = process.env): string => env.DOCKER_CONFIG || join(homedir(), ".docker");

/** Context directories are named by the SHA-256 of the context's name, as the docker CLI stores them. */
export const contextId = (name: string): string => createHash("sha256").update(name).digest("hex");

let last: EngineEndpoint | undefined;

/** The endpoint resolved last (the one the runtime uses), for error messages that have no runtime at hand. */
export function lastEndpoint(): EngineEndpoint {
  if (last) return last;
  try {
    return resolveEndpoint();
  } catch {
    return { host: process.env.DOCKER_HOST ?? DEFAULT_SOCKET, transport: "unix", remote: false, source: "DOCKER_HOST" };
  }
}

export function resolveEndpoint(choice: EndpointChoice = {}, env: NodeJS.ProcessEnv = process.env): EngineEndpoint {
  last = chooseEndpoint(choice, env);
  return last;
}

function chooseEndpoint(choice: EndpointChoice, env: NodeJS.ProcessEnv): EngineEndpoint {
  const dir = configDir(env);
  if (choice.context) return fromContext(choice.context, "--context", dir, env);
  if (env.DOCKER_HOST) return fromHost(env.DOCKER_HOST, "DOCKER_HOST", tlsFromEnv(dir, env));
  if (env.DOCKER_CONTEXT) return fromContext(env.DOCKER_CONTEXT, "DOCKER_CONTEXT", dir, env);
  const current = currentContext(dir);
  if (current) return fromContext(current, `currentContext in ${join(dir, "config.json")}`, dir, env);
  return fromHost(process.platform === "win32" ? DEFAULT_NPIPE : DEFAULT_SOCKET, "the default socket", undefined);
}

function currentContext(dir: string): string | undefined {
  const file = join(dir, "config.json");
  if (!existsSync(file)) return undefined;
  try {
    const name = (JSON.parse(readFileSync(file, "utf8")) as { currentContext?: unknown }).currentContext;
    return typeof name === "string" && name !== "" ? name : undefined;
  } catch (error) {
    throw new EnvironmentError(
      "E_DOCKER_CONFIG",
      `${file} is not valid JSON (${(error as Error).message}); fix it or point DOCKER_CONFIG at another directory.`,
      { cause: error },
    );
  }
}

/** `default` is the environment's engine (DOCKER_HOST is not set by then, or it would have won). */
function fromContext(name: string, via: string, dir: string, env: NodeJS.ProcessEnv): EngineEndpoint {
  if (name === "default") {
    const e = env.DOCKER_HOST ? fromHost(env.DOCKER_HOST, "DOCKER_HOST", tlsFromEnv(dir, env)) : fromHost(DEFAULT_SOCKET, "the default socket", undefined);
    return { ...e, context: "default", source: `context "default" (${via})` };
  }
  const id = contextId(name);
  const metaFile = join(dir, "contexts", "meta", id, "meta.json");
  if (!existsSync(metaFile)) {
    throw new EnvironmentError(
      "E_NO_CONTEXT",
      `Docker context "${name}" (from ${via}) does not exist in ${join(dir, "contexts")}; create it with \`docker context create ${name} --docker host=…\` or choose one that \`docker context ls\` lists.`,
    );
  }
  let meta: { Endpoints?: { docker?: { Host?: string; SkipTLSVerify?: boolean } } };
  try {
    meta = JSON.parse(readFileSync(metaFile, "utf8")) as typeof meta;
  } catch (error) {
    throw new EnvironmentError(
      "E_NO_CONTEXT",
      `Docker context "${name}" has an unreadable ${metaFile} (${(error as Error).message}); recreate it with \`docker context rm ${name}\` and \`docker context create\`.`,
      { cause: error },
    );
  }
  const docker = meta.Endpoints?.docker;
  if (!docker?.Host) {
    throw new EnvironmentError(
      "E_NO_CONTEXT",
      `Docker context "${name}" has no docker endpoint in ${metaFile}; give it one with \`docker context update ${name} --docker host=…\`.`,
    );
  }
  const tlsDir = join(dir, "contexts", "tls", id, "docker");
  const files = readTls(tlsDir);
  const tls = files.ca || files.cert || files.key ? { ...files, verify: !docker.SkipTLSVerify, dir: tlsDir } : undefined;
  return { ...fromHost(docker.Host, via, tls), context: name, source: `context "${name}" (${via})` };
}

/** DOCKER_TLS_VERIFY (any value) verifies; DOCKER_TLS alone encrypts without verifying; certificates from DOCKER_CERT_PATH, else the config directory. */
function tlsFromEnv(dir: string, env: NodeJS.ProcessEnv): TlsMaterial | undefined {
  const verify = Boolean(env.DOCKER_TLS_VERIFY);
  if (!verify && !env.DOCKER_TLS) return undefined;
  const certDir = env.DOCKER_CERT_PATH || dir;
  return { ...readTls(certDir), verify, dir: certDir };
}

function readTls(dir: string): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (file: string): Buffer | undefined => (existsSync(join(dir, file)) ? readFileSync(join(dir, file)) : undefined);
  return { ca: read("ca.pem"), cert: read("cert.pem"), key: read("key.pem") };
}

export function fromHost(host: string, source: string, tls: TlsMaterial | undefined): EngineEndpoint {
  const scheme = /^([a-z]+):\/\//.exec(host)?.[1];
  switch (scheme) {
    case "unix":
      return { host, transport: "unix", remote: false, source };
    case "npipe":
      return { host, transport: "npipe", remote: false, source };
    case "tcp": {
      const url = parse(host, source);
      return { host, transport: tls ? "tls" : "tcp", remote: !isLoopback(url.hostname), source, tls };
    }
    case "ssh": {
      const url = parse(host, source);
      return { host, transport: "ssh", remote: !isLoopback(url.hostname), source };
    }
    default:
      throw new EnvironmentError(
        "E_DOCKER_HOST",
        `${source} is ${JSON.stringify(host)}, which is no engine address; write unix:///path, tcp://host:port or ssh://user@host[:port].`,
      );
  }
}

function parse(host: string, source: string): URL {
  try {
    const url = new URL(host);
    if (url.hostname) return url;
  } catch {
    // falls through to the sentence below
  }
  throw new EnvironmentError(
    "E_DOCKER_HOST",
    `${source} is ${JSON.stringify(host)}, which has no host name; write e.g. tcp://127.0.0.1:2375 or ssh://user@host.`,
  );
}

/** The host part of an endpoint, unbracketed (`::1`, not `[::1]`), or undefined for a socket. */
export function hostnameOf(endpoint: EngineEndpoint): string | undefined {
  if (endpoint.transport === "unix" || endpoint.transport === "npipe") return undefined;
  return new URL(endpoint.host).hostname.replace(/^\[|\]$/g, "");
}
