/**
 * The engine, as the rest of lab needs it. One implementation talks to Docker through
 * dockerode (`dockerode-runtime.ts`); unit tests use a fake. Identifiers are the engine's
 * real names or ids; the scenario's names never reach this layer.
 */
export interface Runtime {
  info(): Promise<EngineInfo>;

  hasImage(ref: string): Promise<boolean>;
  pullImage(ref: string, onProgress?: (line: string) => void): Promise<void>;
  buildImage(spec: ImageBuild, onProgress?: (line: string) => void): Promise<void>;

  createNetwork(spec: NetworkCreate): Promise<string>;
  removeNetwork(id: string): Promise<void>;
  connect(network: string, container: string, aliases: string[]): Promise<void>;
  disconnect(network: string, container: string): Promise<void>;
  inspectNetwork(id: string): Promise<Record<string, unknown>>;

  createContainer(spec: ContainerCreate): Promise<string>;
  putFiles(container: string, files: Record<string, string>): Promise<void>;
  lifecycle(container: string, action: LifecycleAction): Promise<void>;
  removeContainer(id: string): Promise<void>;
  inspectContainer(id: string): Promise<ContainerInfo>;

  exec(container: string, argv: string[], options?: { timeoutMs?: number }): Promise<ExecResult>;
  logs(container: string, options?: { tail?: number }): Promise<string>;
  top(container: string): Promise<{ titles: string[]; processes: string[][] }>;
  stats(container: string): Promise<Record<string, unknown>>;
  /** Resolves with the first event of `container` whose status is in `statuses`. */
  waitForEvent(container: string, statuses: string[], signal: AbortSignal): Promise<string>;

  /** Everything carrying all of `labels` (a label with value undefined matches any value). */
  list(labels: Record<string, string | undefined>): Promise<Resource[]>;
}

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
  subnet?: string;
  gateway?: string;
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
  user?: string;
  workingDir?: string;
  labels: Record<string, string>;
  init: boolean;
  ports: PortBinding[];
  /** `bridge`, `host`, `none`, `container:<real name>`, or the first network joined. */
  networkMode: string;
  /** Networks joined at creation, each with its aliases. */
  networks: { network: string; aliases: string[]; ipv4Address?: string }[];
  /** Legacy links, `real-target-name:alias`. */
  links: string[];
  healthcheck?: { test: string[]; intervalMs?: number; timeoutMs?: number; startPeriodMs?: number; retries?: number };
}

export interface ContainerInfo {
  id: string;
  name: string;
  status: string;
  running: boolean;
  exitCode: number;
  error: string;
  pid: number;
  health?: string;
  startedAt: string;
  /** The full inspect document, for `inspect` probes. */
  raw: Record<string, unknown>;
}

export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface Resource {
  kind: "container" | "network";
  id: string;
  name: string;
  labels: Record<string, string>;
  created: Date;
}
