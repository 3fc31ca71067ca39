import type Docker from "dockerode";
import { engineRef, type ContainerInfo, type Endpoint, type HostBinding, type NetworkInfo, type NetworkMember } from "./runtime.js";

/**
 * The engine's inspect documents, mapped once into what lab reads. The engine writes `null`
 * for an empty list or map (`Aliases`, `Links`, a port exposed but not published) and leaves
 * out what a container sharing another's namespace has none of: each is read as empty here,
 * so that no caller guesses. The document itself is kept as `raw` for `inspect` probes.
 */
export function containerInfo(doc: Docker.ContainerInspectInfo): ContainerInfo {
  const state = doc.State;
  const settings = doc.NetworkSettings as Partial<Docker.ContainerInspectInfo["NetworkSettings"]> | undefined;
  return {
    id: engineRef(doc.Id),
    name: engineRef(doc.Name.replace(/^\//, "")),
    status: state.Status,
    running: state.Running,
    exitCode: state.ExitCode,
    error: state.Error,
    pid: state.Pid,
    health: state.Health?.Status,
    startedAt: state.StartedAt,
    networkMode: doc.HostConfig?.NetworkMode ?? "",
    image: doc.Config?.Image ?? "",
    labels: doc.Config?.Labels ?? {},
    links: (doc.HostConfig?.Links as string[] | null | undefined) ?? [],
    endpoints: Object.fromEntries(Object.entries(settings?.Networks ?? {}).map(([name, e]) => [name, endpoint(e)])),
    ports: ports(settings?.Ports as Record<string, HostBindingDoc[] | null> | undefined),
    raw: doc,
  };
}

export function networkInfo(doc: Docker.NetworkInspectInfo): NetworkInfo {
  const members = (doc.Containers ?? {}) as Record<string, Partial<Docker.NetworkContainer> | undefined>;
  return {
    id: engineRef(doc.Id),
    name: engineRef(doc.Name),
    driver: doc.Driver,
    internal: doc.Internal ?? false,
    subnets: (doc.IPAM?.Config ?? []).flatMap((c) => (c?.Subnet ? [{ subnet: c.Subnet, ...(c.Gateway ? { gateway: c.Gateway } : {}) }] : [])),
    options: doc.Options ?? {},
    labels: doc.Labels ?? {},
    containers: Object.entries(members).map(([id, m]): NetworkMember => ({
      id: engineRef(id),
      name: m?.Name ?? "",
      endpointId: m?.EndpointID ?? "",
      mac: m?.MacAddress ?? "",
      ipv4: m?.IPv4Address ?? "",
      ipv6: m?.IPv6Address ?? "",
    })),
    raw: doc,
  };
}

interface EndpointDoc {
  NetworkID?: string;
  IPAddress?: string;
  GlobalIPv6Address?: string;
  MacAddress?: string;
  Aliases?: string[] | null;
  Links?: string[] | null;
}

export interface HostBindingDoc {
  HostIp?: string;
  HostPort?: string;
}

const endpoint = (e: EndpointDoc | undefined): Endpoint => ({
  networkId: engineRef(e?.NetworkID ?? ""),
  ipv4: e?.IPAddress ?? "",
  ipv6: e?.GlobalIPv6Address ?? "",
  mac: e?.MacAddress ?? "",
  aliases: e?.Aliases ?? [],
  links: e?.Links ?? [],
});

/** Only published ports: an exposed-only port (`null` bindings) is not in `docker port`. */
/** `NetworkSettings.Ports`: a port exposed but not published (`null`, `[]`) has no binding. */
export function ports(doc: Record<string, HostBindingDoc[] | null> | undefined): Record<string, HostBinding[]> {
  const out: Record<string, HostBinding[]> = {};
  for (const [port, bindings] of Object.entries(doc ?? {})) {
    if (bindings?.length) out[port] = bindings.map((b) => ({ hostIp: b.HostIp ?? "", hostPort: b.HostPort ?? "" }));
  }
  return out;
}
