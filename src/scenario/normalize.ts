import { dirname, resolve } from "node:path";
import { isRequirableReason } from "../probes/failure-reason.js";
import { parseDuration } from "./duration.js";
import { parsePort } from "./port-spec.js";
import { besideKeys, normalizeStep } from "../steps/step-table.js";
import { splitCommand } from "./split-command.js";
import { COMMON_STEP_KEYS, type RawCommand, type RawContainer, type RawScenario, type RawStep } from "./raw.js";
import type { DocPath } from "./source-file.js";
import type { Attachment, ContainerSpec, KnownDifferences, NetworkMode, PortSpec, Scenario, Step } from "./types.js";

export const DEFAULT_SCENARIO_TIMEOUT_MS = 120_000;
export const DEFAULT_STEP_TIMEOUT_MS = 10_000;
export const DEFAULT_WAIT_TIMEOUT_MS = 30_000;

/**
 * Expands the shorthands of a schema-valid, rule-checked document. It cannot fail: every
 * malformed value was reported with its position before this runs.
 */
export function normalize(raw: RawScenario, file: string, lineOf: (path: DocPath) => number): Scenario {
  return {
    file,
    dir: dirname(resolve(file)),
    name: raw.name,
    description: raw.description?.trim() ?? "",
    tags: raw.tags ?? [],
    timeoutMs: duration(raw.timeout) ?? DEFAULT_SCENARIO_TIMEOUT_MS,
    ...(raw.serial ? { serial: true } : {}),
    knownDifferences: knownDifferences(raw.known_differences),
    images: Object.entries(raw.images ?? {}).map(([name, i]) => ({
      name,
      context: resolve(dirname(resolve(file)), i.build),
      dockerfile: i.dockerfile ?? "Dockerfile",
    })),
    networks: Object.entries(raw.networks ?? {}).map(([name, n]) => ({
      name,
      driver: n?.driver ?? "bridge",
      internal: n?.internal ?? false,
      attachable: n?.attachable ?? false,
      enableIpv6: n?.enable_ipv6 ?? false,
      ipam: n?.subnet
        ? [{ subnet: n.subnet, ipRange: n.ip_range, gateway: n.gateway }]
        : (n?.ipam?.config ?? []).map((p) => ({ subnet: p.subnet, ipRange: p.ip_range, gateway: p.gateway })),
      ipamDriver: n?.ipam?.driver,
      driverOpts: Object.fromEntries(Object.entries(n?.driver_opts ?? {}).map(([k, v]) => [k, String(v)])),
      labels: n?.labels ?? {},
      create: n?.create ?? true,
    })),
    containers: Object.entries(raw.containers ?? {}).map(([name, c]) => container(name, c)),
    steps: steps(raw.steps ?? [], ["steps"], lineOf),
  };
}

/** A list of steps at `at` (`steps`, or a task's `solution`), each at its own line; nested lists alike. */
function steps(list: RawStep[], at: DocPath, lineOf: (path: DocPath) => number): Step[] {
  const notKinds = [...COMMON_STEP_KEYS, ...besideKeys()];
  return list.map((s, index): Step => {
    const kind = Object.keys(s).find((k) => !notKinds.includes(k))!;
    const path: DocPath = [...at, index];
    const beside = {
      key: (name: string): unknown => s[name],
      steps: (key: string): Step[] => steps((s[key] as RawStep[] | undefined) ?? [], [...path, key], lineOf),
    };
    return {
      index,
      ...normalizeStep(kind, s[kind], beside),
      name: s.name ?? "",
      expect: s.expect ?? "pass",
      error: s.error,
      ...(isRequirableReason(s.reason) ? { reason: s.reason } : {}),
      timeoutMs: duration(s.timeout) ?? DEFAULT_STEP_TIMEOUT_MS,
      hint: s.hint?.trim(),
      ...(s.serial ? { serial: true } : {}),
      knownDifferences: knownDifferences(s.known_differences),
      line: lineOf(path),
    };
  });
}

/** The YAML's lowercase engine keys, as the engine names that `docker version` gives. */
function knownDifferences(raw: { podman?: string; docker?: string } | undefined): KnownDifferences {
  const out: KnownDifferences = {};
  if (raw?.podman) out.Podman = raw.podman.trim();
  if (raw?.docker) out.Docker = raw.docker.trim();
  return out;
}

function container(name: string, c: RawContainer): ContainerSpec {
  return {
    name,
    image: c.image,
    command: argv(c.command),
    entrypoint: argv(c.entrypoint),
    environment: environment(c.environment),
    ports: (c.ports ?? []).map(port),
    networkMode: networkMode(c),
    networks: attachments(c.networks),
    links: (c.links ?? []).map((l) => {
      const [target, alias] = l.split(":");
      return { target: target!, alias: alias ?? target! };
    }),
    hostname: c.hostname,
    domainname: c.domainname,
    dns: oneOrMany(c.dns),
    dnsSearch: oneOrMany(c.dns_search),
    dnsOptions: c.dns_opt ?? [],
    extraHosts: extraHosts(c.extra_hosts),
    user: c.user,
    workingDir: c.working_dir,
    labels: c.labels ?? {},
    init: c.init ?? false,
    files: c.files ?? {},
    healthcheck: c.healthcheck && {
      test: typeof c.healthcheck.test === "string" ? ["CMD-SHELL", c.healthcheck.test] : c.healthcheck.test,
      intervalMs: duration(c.healthcheck.interval),
      timeoutMs: duration(c.healthcheck.timeout),
      startPeriodMs: duration(c.healthcheck.start_period),
      retries: c.healthcheck.retries,
    },
    wait: c.wait && {
      healthy: c.wait.healthy ?? false,
      log: c.wait.log,
      port: c.wait.port,
      timeoutMs: duration(c.wait.timeout) ?? DEFAULT_WAIT_TIMEOUT_MS,
    },
    start: (c.create ?? true) && (c.start ?? true),
    create: c.create ?? true,
  };
}

const oneOrMany = (v: string | string[] | undefined): string[] => (v === undefined ? [] : typeof v === "string" ? [v] : v);

/** Compose's `NAME:IP`, `NAME=IP` or `{ NAME: IP }` as the engine's `NAME:IP` (an IPv6 address keeps its colons). */
export function extraHosts(hosts: RawContainer["extra_hosts"]): string[] {
  if (!hosts) return [];
  if (!Array.isArray(hosts)) return Object.entries(hosts).map(([name, ip]) => `${name}:${ip}`);
  return hosts.map((h) => {
    const at = h.search(/[:=]/);
    return `${h.slice(0, at)}:${h.slice(at + 1)}`;
  });
}

export const argv = (command: RawCommand | undefined): string[] | undefined =>
  command === undefined ? undefined : typeof command === "string" ? (splitCommand(command) ?? [command]) : command;

const duration = (text: string | undefined): number | undefined => (text === undefined ? undefined : parseDuration(text));

export function environment(env: RawContainer["environment"]): Record<string, string> {
  if (!env) return {};
  if (Array.isArray(env)) {
    return Object.fromEntries(env.map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]));
  }
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v)]));
}

function port(p: string | { host?: number; container: number; protocol?: "tcp" | "udp"; host_ip?: string }): PortSpec {
  if (typeof p === "string") return parsePort(p)!;
  return { container: p.container, host: p.host, protocol: p.protocol ?? "tcp", hostIp: p.host_ip };
}

function networkMode(c: RawContainer): NetworkMode {
  const mode = c.network_mode;
  if (mode?.startsWith("container:")) return { kind: "container", container: mode.slice("container:".length) };
  if (mode === "host" || mode === "none" || mode === "bridge") return { kind: mode };
  return c.networks && Object.keys(c.networks).length > 0 ? { kind: "networks" } : { kind: "bridge" };
}

function attachments(networks: RawContainer["networks"]): Attachment[] {
  if (!networks) return [];
  if (Array.isArray(networks)) return networks.map((network) => ({ network, aliases: [] }));
  return Object.entries(networks).map(([network, a]) => ({ network, aliases: a?.aliases ?? [], ipv4Address: a?.ipv4_address, ipv6Address: a?.ipv6_address }));
}
