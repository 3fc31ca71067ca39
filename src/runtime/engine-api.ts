import { EngineError, EnvironmentError } from "../errors.js";
import { lastEndpoint, type EngineEndpoint } from "./engine-endpoint.js";
import type { ContainerCreate, EngineName, NetworkCreate } from "./runtime.js";

/**
 * The Engine API bodies that dockerode-runtime.ts sends, and how an engine failure becomes
 * a lab error: plain data and plain functions, unit-tested without an engine.
 */

/** The body of `POST /containers/create` (the name goes in the query). */
export function containerBody(spec: ContainerCreate): Record<string, unknown> {
  const [first] = spec.networks;
  return {
    Image: spec.image,
    Cmd: spec.command,
    Entrypoint: spec.entrypoint,
    Env: Object.entries(spec.environment).map(([k, v]) => `${k}=${v}`),
    Hostname: spec.hostname,
    Domainname: spec.domainname,
    User: spec.user,
    WorkingDir: spec.workingDir,
    Labels: spec.labels,
    ExposedPorts: Object.fromEntries(spec.ports.map((p) => [`${p.container}/${p.protocol}`, {}])),
    Healthcheck: spec.healthcheck && {
      Test: spec.healthcheck.test,
      Interval: nanos(spec.healthcheck.intervalMs),
      Timeout: nanos(spec.healthcheck.timeoutMs),
      StartPeriod: nanos(spec.healthcheck.startPeriodMs),
      Retries: spec.healthcheck.retries,
    },
    HostConfig: {
      NetworkMode: spec.networkMode,
      Init: spec.init,
      Links: spec.links.length ? spec.links : undefined,
      Dns: spec.dns?.length ? spec.dns : undefined,
      DnsSearch: spec.dnsSearch?.length ? spec.dnsSearch : undefined,
      DnsOptions: spec.dnsOptions?.length ? spec.dnsOptions : undefined,
      ExtraHosts: spec.extraHosts?.length ? spec.extraHosts : undefined,
      PortBindings: portBindings(spec),
    },
    // Engines before API 1.44 take one network at creation; the others are connected before start.
    NetworkingConfig: first ? { EndpointsConfig: { [first.network]: endpointSettings(first) } } : undefined,
  };
}

/** The body of `POST /networks/create`. */
export const networkBody = (spec: NetworkCreate): Record<string, unknown> => ({
  Name: spec.name,
  Driver: spec.driver,
  Internal: spec.internal,
  Attachable: spec.attachable,
  EnableIPv6: spec.enableIpv6,
  CheckDuplicate: true,
  Labels: spec.labels,
  Options: spec.driverOpts,
  IPAM:
    spec.ipam.length || spec.ipamDriver
      ? {
          Driver: spec.ipamDriver ?? "default",
          Config: spec.ipam.map((p) => ({ Subnet: p.subnet, ...(p.ipRange ? { IPRange: p.ipRange } : {}), ...(p.gateway ? { Gateway: p.gateway } : {}) })),
        }
      : undefined,
});

/** One `EndpointSettings`: as the docker CLI sends `--network-alias`, `--ip`, `--ip6` and, on a user-defined network, `--link`. */
export const endpointSettings = (n: { aliases: string[]; ipv4Address?: string; ipv6Address?: string; links?: string[] }): Record<string, unknown> => ({
  Aliases: n.aliases,
  ...(n.links?.length ? { Links: n.links } : {}),
  ...(n.ipv4Address || n.ipv6Address
    ? { IPAMConfig: { ...(n.ipv4Address ? { IPv4Address: n.ipv4Address } : {}), ...(n.ipv6Address ? { IPv6Address: n.ipv6Address } : {}) } }
    : {}),
});

const nanos = (ms: number | undefined): number | undefined => (ms === undefined ? undefined : ms * 1_000_000);

function portBindings(spec: ContainerCreate): Record<string, { HostIp: string; HostPort: string }[]> | undefined {
  if (spec.ports.length === 0) return undefined;
  const map: Record<string, { HostIp: string; HostPort: string }[]> = {};
  for (const p of spec.ports) {
    (map[`${p.container}/${p.protocol}`] ??= []).push({ HostIp: p.hostIp ?? "", HostPort: p.host === undefined ? "" : String(p.host) });
  }
  return map;
}

export const statusOf = (error: unknown): number | undefined => (error as { statusCode?: number }).statusCode;

/** Transport failures that mean the engine is gone, not that it refused something. */
const LOST = ["ECONNREFUSED", "ENOENT", "EACCES", "ECONNRESET", "EPIPE", "EHOSTUNREACH", "ETIMEDOUT"];

export function engineError(error: unknown): Error {
  if (error instanceof EngineError || error instanceof EnvironmentError) return error;
  const code = (error as { code?: string }).code;
  if (code && LOST.includes(code)) {
    return new EnvironmentError("E_NO_ENGINE", `Lost the Docker engine at ${describeEndpoint().text} (${code}). Is it still running?`, { cause: error });
  }
  return new EngineError(reason(error), statusOf(error), { cause: error });
}

/** The engine's own sentence when it gave one ("port is already allocated"), else the transport's. */
export function reason(error: unknown): string {
  const e = error as { json?: { message?: string }; reason?: string; message?: string; code?: string };
  const text = e.json?.message ?? (typeof e.json === "string" ? e.json : undefined) ?? e.message ?? String(error);
  return text.replace(/^\(HTTP code \d+\) [a-z ]+ - /, "").trim();
}

export function describeEndpoint(): { text: string; remote: boolean } {
  const e = lastEndpoint();
  return { text: e.host, remote: e.remote };
}

/** Podman names its engine component "Podman Engine"; Docker's is "Engine". */
export const engineNameOf = (v: { Components?: { Name?: string }[]; Platform?: { Name?: string } }): EngineName =>
  [...(v.Components ?? []).map((c) => c.Name ?? ""), v.Platform?.Name ?? ""].some((n) => /podman/i.test(n)) ? "Podman" : "Docker";

/** The first failure to reach the engine, as one sentence that says what to fix for its transport. */
export function noEngine(error: unknown, endpoint?: EngineEndpoint): EnvironmentError {
  const e = endpoint ?? lastEndpoint();
  const code = (error as { code?: string }).code ?? "";
  if (code === "E_SSH") {
    return new EnvironmentError(
      "E_NO_ENGINE",
      `ssh to the engine at ${e.host} failed (${reason(error)}); give ssh a key that this user accepts there (IdentityFile in ~/.ssh/config, or ssh-add it to the agent) and check with \`ssh ${sshTarget(e.host)} docker version\`.`,
      { cause: error },
    );
  }
  if (e.transport === "tls" && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO|ECONNRESET|EPROTO/.test(code + " " + reason(error))) {
    return new EnvironmentError(
      "E_NO_ENGINE",
      `The TLS handshake with the engine at ${e.host} failed (${code || reason(error)}: ${reason(error)}); fix the certificates in ${e.tls?.dir} (ca.pem must have signed the engine's certificate for this address, cert.pem and key.pem must be a client pair the engine trusts).`,
      { cause: error },
    );
  }
  return new EnvironmentError(
    "E_NO_ENGINE",
    `Cannot reach the Docker engine at ${e.host} (${reason(error)}). Start it (\`npm run setup\` does, on Debian as root) or point DOCKER_HOST at a running engine.`,
    { cause: error },
  );
}

const sshTarget = (host: string): string => {
  const u = new URL(host);
  return `${u.port ? `-p ${u.port} ` : ""}${u.username ? `${u.username}@` : ""}${u.hostname}`;
};
