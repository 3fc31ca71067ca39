import type { RequirableReason } from "../probes/failure-reason.js";
import type { EngineName } from "../runtime/runtime.js";
import type { RunArgs, StepKindName } from "../steps/step-table.js";

/**
 * The scenario as the runner sees it after loading and validation: every shorthand of the
 * YAML format is expanded (ports, networks, commands, durations), so later phases never
 * look at raw YAML.
 */
export interface Scenario {
  /** Path of the file, as given on the command line. */
  file: string;
  /** Directory of the file: `images.build` contexts are relative to it. */
  dir: string;
  name: string;
  description: string;
  tags: string[];
  timeoutMs: number;
  /** `serial: true`: every step runs alone (no probes side by side). */
  serial?: boolean;
  /** Engines the whole scenario is known not to hold on, with the reason: not provisioned there. */
  knownDifferences: KnownDifferences;
  images: ImageSpec[];
  networks: NetworkSpec[];
  containers: ContainerSpec[];
  steps: Step[];
  /**
   * Only for `lab check` (loaded in check mode): every container and network the file names,
   * declared or not, each with the line of its first use. These are what it binds to the engine.
   */
  references?: ScenarioReference[];
}

export interface ScenarioReference {
  kind: "container" | "network";
  name: string;
  line: number;
}

export interface ImageSpec {
  name: string;
  /** Absolute path of the build context. */
  context: string;
  dockerfile: string;
}

export interface NetworkSpec {
  name: string;
  driver: string;
  internal: boolean;
  attachable: boolean;
  enableIpv6: boolean;
  /** Every address pool: the top-level `subnet` shorthand and `ipam.config` alike. */
  ipam: IpamPool[];
  ipamDriver?: string;
  driverOpts: Record<string, string>;
  labels: Record<string, string>;
  /** `false`: made only by a `create_network` step. */
  create: boolean;
}

export interface IpamPool {
  subnet: string;
  ipRange?: string;
  gateway?: string;
}

export interface PortSpec {
  container: number;
  host?: number;
  protocol: "tcp" | "udp";
  hostIp?: string;
}

export interface Attachment {
  network: string;
  aliases: string[];
  ipv4Address?: string;
  ipv6Address?: string;
}

export type NetworkMode =
  | { kind: "bridge" }
  | { kind: "host" }
  | { kind: "none" }
  | { kind: "container"; container: string }
  /** Attached to user-defined networks (the `networks:` key). */
  | { kind: "networks" };

export interface LinkSpec {
  target: string;
  alias: string;
}

export interface HealthcheckSpec {
  test: string[];
  intervalMs?: number;
  timeoutMs?: number;
  startPeriodMs?: number;
  retries?: number;
}

export interface WaitSpec {
  healthy: boolean;
  log?: string;
  port?: number;
  timeoutMs: number;
}

export interface ContainerSpec {
  name: string;
  image: string;
  command?: string[];
  entrypoint?: string[];
  environment: Record<string, string>;
  ports: PortSpec[];
  networkMode: NetworkMode;
  networks: Attachment[];
  links: LinkSpec[];
  /** Undefined: the scenario name; `false`: none, the engine's default. */
  hostname?: string | false;
  domainname?: string;
  dns: string[];
  dnsSearch: string[];
  dnsOptions: string[];
  /** `name:ip`, as the engine takes them. */
  extraHosts: string[];
  user?: string;
  workingDir?: string;
  labels: Record<string, string>;
  init: boolean;
  files: Record<string, string>;
  healthcheck?: HealthcheckSpec;
  wait?: WaitSpec;
  start: boolean;
  /** `false`: made only by a `create` step. */
  create: boolean;
}

/** `known_differences`: the reason by engine name as lab reports it (`Podman`, `Docker`). */
export type KnownDifferences = Partial<Record<EngineName, string>>;

/** The common keys of every step. */
export interface StepBase {
  /** Index in `steps`, 0-based. */
  index: number;
  name: string;
  expect: "pass" | "fail";
  error?: string;
  /** With `expect: fail`: the classified reason the failure must have (probes/failure-reason.ts). */
  reason?: RequirableReason;
  timeoutMs: number;
  hint?: string;
  /** `serial: true`: the step runs alone, never side by side with other probes. */
  serial?: boolean;
  /** Engines this step is known not to hold on, with the reason: skipped there. */
  knownDifferences: KnownDifferences;
  /** Line of the step in the file, for reports. */
  line: number;
}

/** One kind and its normalised arguments; `Step<K>` for a kind known in advance. */
export type StepOf<K extends StepKindName = StepKindName> = { [P in K]: { kind: P; args: RunArgs[P] } }[K];

/** A step: its kind and that kind's arguments, normalised at load (step-table.ts). */
export type Step<K extends StepKindName = StepKindName> = StepBase & StepOf<K>;
