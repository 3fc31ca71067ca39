import { readdir } from "node:fs/promises";
import { relative, join } from "node:path";
import { Writable } from "node:stream";
import Docker from "dockerode";
import { EngineError } from "../errors.js";
import { containerBody, endpointSettings, engineError, engineNameOf, networkBody, noEngine, statusOf } from "./engine-api.js";
import { resolveEndpoint, type EndpointChoice, type EngineEndpoint } from "./engine-endpoint.js";
import { dockerOptions } from "./engine-transport.js";
import { containerInfo, networkInfo } from "./map-inspect.js";
import {
  engineRef,
  type ContainerCreate,
  type ContainerInfo,
  type EngineInfo,
  type EngineRef,
  type ExecOptions,
  type ExecResult,
  type ImageBuild,
  type LifecycleAction,
  type LogOptions,
  type LogOutput,
  type NetworkCreate,
  type NetworkInfo,
  type Resource,
  type Runtime,
  type SwarmState,
} from "./runtime.js";
import { KEPT_BYTES, OutputTail } from "./output-tail.js";
import { tarOf } from "./tar.js";

/** The one place that speaks dockerode. Every engine error leaves here as an EngineError. */
export class DockerodeRuntime implements Runtime {
  private readonly docker: Docker;
  private readonly endpoint: EngineEndpoint;

  /** Without options, the engine the docker CLI would use (engine-endpoint.ts); `choice.context` is `--context`. */
  constructor(options?: Docker.DockerOptions, choice: EndpointChoice = {}) {
    this.endpoint = options
      ? {
          host: options.socketPath ? `unix://${options.socketPath}` : `tcp://${options.host}:${options.port}`,
          transport: options.socketPath ? "unix" : "tcp",
          remote: false,
          source: "options",
        }
      : resolveEndpoint(choice);
    this.docker = new Docker(options ?? dockerOptions(this.endpoint));
  }

  async info(): Promise<EngineInfo> {
    const e = this.endpoint;
    try {
      const v = await this.docker.version();
      return { version: v.Version, apiVersion: v.ApiVersion, os: v.Os, remote: e.remote, endpoint: e.host, engine: engineNameOf(v), transport: e.transport };
    } catch (error) {
      throw noEngine(error, e);
    }
  }

  async swarmState(): Promise<SwarmState> {
    try {
      const state: unknown = ((await this.docker.info()) as { Swarm?: { LocalNodeState?: unknown } }).Swarm?.LocalNodeState;
      return typeof state === "string" && state !== "" ? (state as SwarmState) : "inactive";
    } catch (error) {
      throw engineError(error);
    }
  }

  async hasImage(ref: string): Promise<boolean> {
    try {
      await this.docker.getImage(ref).inspect();
      return true;
    } catch (error) {
      if (statusOf(error) === 404) return false;
      throw engineError(error);
    }
  }

  async imageId(ref: string): Promise<string | undefined> {
    try {
      return (await this.docker.getImage(ref).inspect()).Id;
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw engineError(error);
    }
  }

  async pullImage(ref: string, onProgress?: (line: string) => void): Promise<void> {
    const stream = await call(() => this.docker.pull(ref));
    await new Promise<void>((resolve, reject) =>
      this.docker.modem.followProgress(
        stream,
        (error: unknown) => (error ? reject(engineError(error)) : resolve()),
        (event: { status?: string; progress?: string; id?: string; error?: string }) => {
          if (event.error) reject(new EngineError(event.error));
          else if (onProgress && event.status) onProgress([event.id, event.status, event.progress].filter(Boolean).join(" "));
        },
      ),
    );
  }

  async buildImage(spec: ImageBuild, onProgress?: (line: string) => void): Promise<void> {
    const src = (await readdir(spec.context, { recursive: true, withFileTypes: true }))
      .filter((e) => e.isFile())
      .map((e) => relative(spec.context, join(e.parentPath, e.name)));
    const stream = await call(() =>
      this.docker.buildImage({ context: spec.context, src }, { t: spec.tag, dockerfile: spec.dockerfile, labels: spec.labels, rm: true, forcerm: true }),
    );
    await new Promise<void>((resolve, reject) =>
      this.docker.modem.followProgress(
        stream,
        (error: unknown) => (error ? reject(engineError(error)) : resolve()),
        (event: { stream?: string; error?: string }) => {
          if (event.error) reject(new EngineError(`building ${spec.tag}: ${event.error.trim()}`));
          else if (onProgress && event.stream?.trim()) onProgress(event.stream.trim());
        },
      ),
    );
  }

  async createNetwork(spec: NetworkCreate): Promise<EngineRef> {
    const network = await call(() => this.docker.createNetwork(networkBody(spec) as unknown as Docker.NetworkCreateOptions));
    return engineRef(network.id);
  }

  async removeNetwork(id: EngineRef): Promise<void> {
    await call(() => this.docker.getNetwork(id).remove(), [404]);
  }

  async connect(network: EngineRef, container: EngineRef, aliases: string[], endpoint: { links?: string[]; ipv4Address?: string } = {}): Promise<void> {
    await call(() => this.docker.getNetwork(network).connect({ Container: container, EndpointConfig: endpointSettings({ aliases, ...endpoint }) }));
  }

  async disconnect(network: EngineRef, container: EngineRef): Promise<void> {
    await call(() => this.docker.getNetwork(network).disconnect({ Container: container }));
  }

  async inspectNetwork(id: EngineRef): Promise<NetworkInfo> {
    return networkInfo(await call(() => this.docker.getNetwork(id).inspect() as Promise<Docker.NetworkInspectInfo>));
  }

  async createContainer(spec: ContainerCreate): Promise<EngineRef> {
    const container = await call(() => this.docker.createContainer({ name: spec.name, ...containerBody(spec) } as Docker.ContainerCreateOptions));
    for (const extra of spec.networks.slice(1)) {
      await call(() => this.docker.getNetwork(extra.network).connect({ Container: container.id, EndpointConfig: endpointSettings(extra) }));
    }
    return engineRef(container.id);
  }

  async putFiles(container: EngineRef, files: Record<string, string>): Promise<void> {
    await call(() => this.docker.getContainer(container).putArchive(tarOf(files), { path: "/" }));
  }

  async lifecycle(id: EngineRef, action: LifecycleAction, options: { signal?: string } = {}): Promise<void> {
    const c = this.docker.getContainer(id);
    const run = {
      start: () => c.start(),
      // t=0: busybox as PID 1 ignores SIGTERM, and a lab has no data to flush.
      stop: () => c.stop({ t: 0 }),
      restart: () => c.restart({ t: 0 }),
      kill: () => c.kill(options.signal ? { signal: options.signal } : {}),
      pause: () => c.pause(),
      unpause: () => c.unpause(),
    }[action];
    for (let attempt = 1; ; attempt++) {
      try {
        return void (await call(run, [304]));
      } catch (error) {
        if (action !== "start" || attempt >= OVERLAY_ATTACH_ATTEMPTS || !OVERLAY_ATTACH_DEADLINE.test((error as Error).message)) throw error;
      }
    }
  }

  async renameContainer(id: EngineRef, name: string): Promise<void> {
    await call(() => this.docker.getContainer(id).rename({ name }));
  }

  async removeContainer(id: EngineRef): Promise<void> {
    await call(() => this.docker.getContainer(id).remove({ force: true, v: true }), [404]);
  }

  async inspectContainer(id: EngineRef): Promise<ContainerInfo> {
    return containerInfo(await call(() => this.docker.getContainer(id).inspect()));
  }

  async exec(container: EngineRef, argv: string[], options: ExecOptions = {}): Promise<ExecResult> {
    const env = options.environment && Object.entries(options.environment).map(([k, v]) => `${k}=${v}`);
    const exec = await call(() =>
      this.docker
        .getContainer(container)
        .exec({ Cmd: argv, AttachStdout: true, AttachStderr: true, ...(options.user ? { User: options.user } : {}), ...(env?.length ? { Env: env } : {}) }),
    );
    const stream = await call(() => exec.start({ hijack: true, stdin: false }));
    const stdout = new OutputTail(KEPT_BYTES, options.find);
    const stderr = new OutputTail(KEPT_BYTES, options.find);
    let timer: NodeJS.Timeout | undefined;
    const limit = options.timeoutMs;
    const timeout = new Promise<never>((_, reject) => {
      if (limit) timer = setTimeout(() => reject(new EngineError(`exec of ${JSON.stringify(argv.join(" "))} did not end within ${limit} ms`)), limit);
    });
    try {
      await Promise.race([drain(this.docker, stream, stdout, stderr), timeout]);
    } finally {
      clearTimeout(timer);
      stream.destroy();
    }
    const result = await call(() => exec.inspect());
    return { exitCode: result.ExitCode ?? -1, stdout: stdout.text(), stderr: stderr.text(), kept: { stdout: stdout.facts(), stderr: stderr.facts() } };
  }

  async logs(container: EngineRef, options: LogOptions = {}): Promise<LogOutput> {
    // dockerode's own `logs` reads the whole log into one buffer unless it follows; dialled as a stream it is read as it comes.
    const modem = this.docker.modem as unknown as { dial(o: object, cb: (error: unknown, data: NodeJS.ReadableStream) => void): void };
    const stream = await call(
      () =>
        new Promise<NodeJS.ReadableStream & { destroy(): void }>((resolve, reject) =>
          modem.dial(
            {
              path: `/containers/${encodeURIComponent(container)}/logs?`,
              method: "GET",
              isStream: true,
              statusCodes: { 200: true, 404: "no such container", 500: "server error" },
              options: { stdout: true, stderr: true, follow: false, tail: options.tail ?? "all" },
            },
            (error, data) => (error ? reject(error) : resolve(data as NodeJS.ReadableStream & { destroy(): void })),
          ),
        ),
    );
    // Both streams are asked for and split here: the engine's own filter would mix a missing stream with an empty one.
    const kept = new OutputTail(KEPT_BYTES, options.find);
    const which = options.stream;
    try {
      await drain(this.docker, stream, which === "stderr" ? undefined : kept, which === "stdout" ? undefined : kept);
    } finally {
      stream.destroy();
    }
    return { text: kept.text(), ...kept.facts() };
  }

  async top(container: EngineRef): Promise<{ titles: string[]; processes: string[][] }> {
    // Podman answers 200 with an empty body for a container that is not running (Docker: 409).
    const top = (await call(() => this.docker.getContainer(container).top())) as { Titles?: string[]; Processes?: string[][] } | "" | undefined;
    return { titles: (top && top.Titles) || [], processes: (top && top.Processes) || [] };
  }

  async stats(container: EngineRef): Promise<Record<string, unknown>> {
    // one-shot: the first sample at once, instead of waiting a second for a second sample.
    const options = { stream: false, "one-shot": true } as { stream: false };
    return (await call(() => this.docker.getContainer(container).stats(options))) as unknown as Record<string, unknown>;
  }

  async waitForEvent(container: EngineRef, statuses: string[], signal: AbortSignal): Promise<string> {
    const stream = (await call(() => this.docker.getEvents({ filters: { container: [container], type: ["container"] } }))) as NodeJS.ReadableStream & {
      destroy(): void;
    };
    return new Promise<string>((resolve, reject) => {
      let buffer = "";
      const done = (fn: () => void): void => {
        signal.removeEventListener("abort", onAbort);
        stream.destroy();
        fn();
      };
      const onAbort = (): void => done(() => reject(signal.reason));
      signal.addEventListener("abort", onAbort, { once: true });
      stream.on("data", (chunk: Buffer) => {
        buffer += chunk.toString("utf8");
        let newline: number;
        while ((newline = buffer.indexOf("\n")) >= 0) {
          const line = buffer.slice(0, newline);
          buffer = buffer.slice(newline + 1);
          const status = (JSON.parse(line) as { status?: string }).status ?? "";
          if (statuses.some((s) => status === s || status.startsWith(s))) return done(() => resolve(status));
        }
      });
      stream.on("error", (error) => done(() => reject(engineError(error))));
    });
  }

  async watchEvents(onEvent: (event: { type: string; action: string }) => void, signal: AbortSignal): Promise<void> {
    if (signal.aborted) return;
    const stream = (await call(() => this.docker.getEvents({ filters: { type: ["container", "network"] } }))) as NodeJS.ReadableStream & { destroy(): void };
    let buffer = "";
    signal.addEventListener("abort", () => stream.destroy(), { once: true });
    stream.on("data", (chunk: Buffer) => {
      buffer += chunk.toString("utf8");
      let newline: number;
      while ((newline = buffer.indexOf("\n")) >= 0) {
        const line = buffer.slice(0, newline);
        buffer = buffer.slice(newline + 1);
        try {
          const e = JSON.parse(line) as { Type?: string; Action?: string };
          onEvent({ type: e.Type ?? "", action: e.Action ?? "" });
        } catch {
          // Not an event: nothing to look at again for.
        }
      }
    });
    // A broken stream only costs the quick look; the watcher's fixed pace goes on.
    stream.on("error", () => undefined);
  }

  async list(labels: Record<string, string | undefined>): Promise<Resource[]> {
    const filters = { label: Object.entries(labels).map(([k, v]) => (v === undefined ? k : `${k}=${v}`)) };
    const [containers, networks] = await Promise.all([
      call(() => this.docker.listContainers({ all: true, filters })),
      call(() => this.docker.listNetworks({ filters })),
    ]);
    return [
      ...containers.map((c): Resource => ({
        kind: "container",
        id: engineRef(c.Id),
        name: c.Names[0]?.replace(/^\//, "") ?? c.Id,
        labels: c.Labels,
        created: new Date(c.Created * 1000),
      })),
      ...networks.map((n): Resource => ({ kind: "network", id: engineRef(n.Id), name: n.Name, labels: n.Labels ?? {}, created: new Date(n.Created) })),
    ];
  }
}

/**
 * dockerd gives the swarm manager 20 s to attach a standalone container to an overlay
 * network, then fails the start with this message and leaves the container created. On a
 * busy machine the manager takes longer (seen here at a load of 30 on 2 cores: the first of
 * three containers starting at once); starting it again, as a user would, then works.
 */
const OVERLAY_ATTACH_DEADLINE = /attaching to network failed.*context deadline exceeded/;
const OVERLAY_ATTACH_ATTEMPTS = 3;

/**
 * Reads a multiplexed stream (exec, logs) to its end through dockerode's demuxer, each
 * stream into its bounded collector (or nowhere): nothing holds more than the kept tail.
 */
function drain(docker: Docker, stream: NodeJS.ReadableStream, out: OutputTail | undefined, err: OutputTail | undefined): Promise<void> {
  const sink = (tail: OutputTail | undefined): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        tail?.push(chunk);
        done();
      },
    });
  return new Promise<void>((resolve, reject) => {
    docker.modem.demuxStream(stream, sink(out), sink(err));
    stream.on("end", resolve);
    stream.on("close", resolve);
    stream.on("error", reject);
  });
}

/** Runs one engine call; `ok` lists the HTTP statuses that count as success (404 on remove, 304 on start). */
async function call<T>(fn: () => Promise<T>, ok: number[] = []): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (ok.includes(statusOf(error) ?? -1)) return undefined as T;
    throw engineError(error);
  }
}
