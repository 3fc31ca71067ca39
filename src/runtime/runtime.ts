/**
 * The engine, as the rest of lab needs it. One implementation talks to Docker through
 * dockerode (`dockerode-runtime.ts`); unit tests use a fake. Identifiers are the engine's
 * real names or ids (`EngineRef`); the scenario's names never reach this layer, and the
 * compiler sees to it. What the engine reports comes back typed (`ContainerInfo`,
 * `NetworkInfo`, mapped once in `map-inspect.ts`).
 */
export interface Runtime {
  info(): Promise<EngineInfo>;
  /** The engine's swarm membership (`docker info`'s `Swarm.LocalNodeState`): an overlay network needs `active`. */
  swarmState(): Promise<SwarmState>;

  hasImage(ref: string): Promise<boolean>;
  /** The image's id (`sha256:…`), or undefined when the engine does not have it. */
  imageId(ref: string): Promise<string | undefined>;
  pullImage(ref: string, onProgress?: (line: string) => void): Promise<void>;
  buildImage(spec: ImageBuild, onProgress?: (line: string) => void): Promise<void>;

  createNetwork(spec: NetworkCreate): Promise<EngineRef>;
  removeNetwork(id: EngineRef): Promise<void>;
  /** `docker network connect`, with `--alias`es and optionally `--link`s (`real-target-name:alias`) and `--ip`. */
  connect(network: EngineRef, container: EngineRef, aliases: string[], endpoint?: { links?: string[]; ipv4Address?: string }): Promise<void>;
  disconnect(network: EngineRef, container: EngineRef): Promise<void>;
  inspectNetwork(id: EngineRef): Promise<NetworkInfo>;

  createContainer(spec: ContainerCreate): Promise<EngineRef>;
  putFiles(container: EngineRef, files: Record<string, string>): Promise<void>;
  /** `signal` only for `kill` (`docker kill --signal`): a name such as `SIGHUP` or a number; default SIGKILL. */
  lifecycle(container: EngineRef, action: LifecycleAction, options?: { signal?: string }): Promise<void>;
  /** `docker rename`: the id stays, only the engine's name changes. */
  renameContainer(container: EngineRef, name: string): Promise<void>;
  removeContainer(id: EngineRef): Promise<void>;
  inspectContainer(id: EngineRef): Promise<ContainerInfo>;

  /**
   * `user` and `environment` as `docker exec --user --env`; the container's own otherwise.
   * The output is read as it comes and only its tail is kept (output-tail.ts, `KEPT_BYTES` a stream).
   */
  exec(container: EngineRef, argv: string[], options?: ExecOptions): Promise<ExecResult>;
  /**
   * Both streams interleaved, or only `stdout` or `stderr` (`docker logs` output split by stream),
   * read as they come: only the tail is kept, and `find`'s needles are looked for in the whole log.
   */
  logs(container: EngineRef, options?: LogOptions): Promise<LogOutput>;
  top(container: EngineRef): Promise<{ titles: string[]; processes: string[][] }>;
  stats(container: EngineRef): Promise<Record<string, unknown>>;
  /** Resolves with the first event of `container` whose status is in `statuses`. */
  waitForEvent(container: EngineRef, statuses: string[], signal: AbortSignal): Promise<string>;
  /**
   * Calls `onEvent` for every container and network event of the engine (anyone's: a
   * learner's `docker network connect` too) until `signal` aborts. Resolves once listening.
   * Optional: without it, a watcher looks at a fixed pace only.
   */
  watchEvents?(onEvent: (event: { type: string; action: string }) => void, signal: AbortSignal): Promise<void>;

  /** Everything carrying all of `labels` (a label with value undefined matches any value). */
  list(labels: Record<string, string | undefined>): Promise<Resource[]>;
}

declare const engine: unique symbol;

/**
 * A name or id as the engine knows it (`lab-3f9a1c-dns-web`, `9c2e…`), never a scenario's
 * own name (`web`): the two are both strings, and mixing them up once sent a scenario name
 * to the engine. Made only by `engineRef` (from the plan's real names) or by the engine's answers.
 */
export type EngineRef = string & { readonly [engine]: true };

/** Marks a string as the engine's own name or id: for real names from the plan, the defaults `bridge`/`host`/`none`, and ids the engine gave. */
export const engineRef = (nameOrId: string): EngineRef => nameOrId as EngineRef;

export type LifecycleAction = "start" | "stop" | "restart" | "kill" | "pause" | "unpause";

export interface EngineInfo {
  version: string;
  apiVersion: string;
  os: string;
  /** True when the engine runs on another machine: host PIDs are then not ours to see. */
  remote: boolean;
  endpoint: string;
  /** "Docker" or "Podman" (from the version's components), for reports and `not_on`. */
  engine?: EngineName;
  /** How lab reaches it: unix, npipe, tcp, tls or ssh. */
  transport?: string;
}

export type EngineName = "Docker" | "Podman";

/** As the Engine API spells it; an engine without swarm mode (Podman) answers `inactive` or nothing, which counts as `inactive`. */
export type SwarmState = "inactive" | "pending" | "active" | "error" | "locked";

export interface ImageBuild {
  tag: string;
  context: string;
  dockerfile: string;
  labels: Record<string, string>;
}

export interface NetworkCreate {
  name: string;
  driver: string;
  internal: boolean;
  attachable: boolean;
  enableIpv6: boolean;
  /** Address pools, one per family at most; none: the engine picks an IPv4 one. */
  ipam: { subnet: string; ipRange?: string; gateway?: string }[];
  ipamDriver?: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
}

export interface PortBinding {
  container: number;
  protocol: "tcp" | "udp";
  host?: number;
  hostIp?: string;
}

export interface ContainerCreate {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  hostname?: string;
  domainname?: string;
  dns?: string[];
  dnsSearch?: string[];
  dnsOptions?: string[];
  /** `name:ip` lines for `/etc/hosts`. */
  extraHosts?: string[];
  user?: string;
  workingDir?: string;
  labels: Record<string, string>;
  init: boolean;
  ports: PortBinding[];
  /** `bridge`, `host`, `none`, `container:<real name>`, or the first network joined. */
  networkMode: string;
  /**
   * Networks joined at creation, each with its aliases and its links (`real-target-name:alias`):
   * on a user-defined network a link lives on the endpoint, where the embedded DNS answers it.
   */
  networks: { network: string; aliases: string[]; ipv4Address?: string; ipv6Address?: string; links?: string[] }[];
  /** Legacy links on the default bridge (`HostConfig.Links`, `/etc/hosts` entries), `real-target-name:alias`. */
  links: string[];
  healthcheck?: { test: string[]; intervalMs?: number; timeoutMs?: number; startPeriodMs?: number; retries?: number };
}

/** What lab reads of `docker inspect <container>`. */
export interface ContainerInfo {
  id: EngineRef;
  /** The real name, without the engine's leading slash. */
  name: EngineRef;
  /** `created`, `running`, `paused`, `restarting`, `exited`, `dead`. */
  status: string;
  running: boolean;
  exitCode: number;
  error: string;
  /** 0 when the container does not run. */
  pid: number;
  /** `starting`, `healthy`, `unhealthy`; undefined without a healthcheck. */
  health?: string;
  startedAt: string;
  /** `HostConfig.NetworkMode`: `bridge`, `host`, `none`, `container:<id>`, or a network's name. */
  networkMode: string;
  /** `Config.Image`: the image as the container was created from it (`busybox`, `nginx:1.27`); `""` when unknown. */
  image?: string;
  /** `Config.Labels`. */
  labels?: Record<string, string>;
  /** `HostConfig.Links`: legacy links on the default bridge, as the engine writes them, `/target:/self/alias`. */
  links?: string[];
  /** The container's endpoints by real network name (none when it shares another's namespace). */
  endpoints: Record<string, Endpoint>;
  /** The `docker port` view: `80/tcp` to the host addresses it is published on (none when only exposed). */
  ports: Record<string, HostBinding[]>;
  /** The full inspect document, only for the `inspect` probe's user-written paths: walk it, never cast it. */
  raw: unknown;
}

export interface Endpoint {
  networkId: EngineRef;
  /** `""` when the engine gave none (a stopped container keeps no address). */
  ipv4: string;
  ipv6: string;
  mac: string;
  /** The aliases on this network, including the short id the engine adds. */
  aliases: string[];
  /** Legacy links, `real-target-name:alias`. */
  links: string[];
}

export interface HostBinding {
  /** `""` means every address, as the engine writes it. */
  hostIp: string;
  hostPort: string;
}

/** What lab reads of `docker network inspect <network>`. */
export interface NetworkInfo {
  id: EngineRef;
  name: EngineRef;
  driver: string;
  internal: boolean;
  /** The IPAM configuration, one entry per subnet (IPv4 and IPv6). */
  subnets: { subnet: string; gateway?: string }[];
  options: Record<string, string>;
  labels: Record<string, string>;
  /** The containers on it now (running ones only: the engine lists no endpoint of a stopped container). */
  containers: NetworkMember[];
  /** The full inspect document, only for the `inspect` probe's user-written paths. */
  raw: unknown;
}

export interface NetworkMember {
  id: EngineRef;
  /** The member's real name. */
  name: string;
  endpointId: string;
  mac: string;
  /** With the prefix length, as the engine gives it: `172.18.0.2/16`; `""` when none. */
  ipv4: string;
  ipv6: string;
}

export interface ExecOptions {
  timeoutMs?: number;
  user?: string;
  environment?: Record<string, string>;
  /** Texts to look for in the whole of each stream, not only in the kept tail (a `contains` matcher). */
  find?: string[];
}

export interface ExecResult {
  exitCode: number;
  /** The kept tail of each stream. */
  stdout: string;
  stderr: string;
  /** Sizes, cuts and needles found per stream; absent when the whole output is in `stdout`/`stderr`. */
  kept?: { stdout: OutputFacts; stderr: OutputFacts };
}

export interface LogOptions {
  tail?: number;
  stream?: "stdout" | "stderr";
  /** Texts to look for in the whole log, not only in the kept tail. */
  find?: string[];
}

/** The kept tail of a log, with its size, the bytes cut before it and the needles found in the whole log. */
export interface LogOutput extends Partial<OutputFacts> {
  text: string;
}

export interface Resource {
  kind: "container" | "network";
  id: EngineRef;
  name: string;
  labels: Record<string, string>;
  created: Date;
}

/** What lab knows of one stream after reading it: its size, how much of its start was cut, which needles it held. */
export interface OutputFacts {
  /** Every byte the stream carried. */
  bytes: number;
  /** Bytes dropped from its start: `bytes` minus what `text` holds. */
  cut: number;
  /** The needles (given to the collector) found anywhere in the whole stream. */
  found: string[];
}
