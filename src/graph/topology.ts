import { rowCells } from "../probes/matrix-result.js";
import type { ContainerSpec, PortSpec, Scenario, Step } from "../scenario/types.js";

/**
 * The world a scenario declares, as pictures need it: who is on which network under which
 * names, who links to whom, what the host sees. Pure data, made from the file alone, so that
 * `lab graph` needs no engine and reporters can carry it in the run record. It shows the
 * world as provisioned; `connect`/`disconnect` steps change it later and are not drawn.
 */
export interface Topology {
  scenario: string;
  networks: TopoNetwork[];
  containers: TopoContainer[];
  links: TopoLink[];
  /** Whether the picture needs a host: published ports, host mode, or `from: host` probes. */
  host: boolean;
  /** The network probes (resolve, tcp, http, ping) as arrows, by step index; a `reach` matrix as one arrow per checked cell. */
  arrows: TopoArrow[];
}

export interface TopoNetwork {
  name: string;
  /** The engine's default bridge, which containers without `networks:` join. */
  defaultBridge: boolean;
  internal: boolean;
  driver: string;
  subnet?: string;
}

/** The spelling of a container's network mode in pictures and in `lab list` (docs/cli.md). */
export type TopoMode = "networks" | "bridge" | "host" | "none" | "container";

export interface TopoContainer {
  name: string;
  mode: TopoMode;
  /** With mode `container`: whose network namespace it shares. */
  shares?: string;
  attachments: { network: string; aliases: string[]; ip?: string }[];
  ports: TopoPort[];
  /** Created but not started (`start: false`). */
  stopped: boolean;
}

export interface TopoPort {
  /** As the host sees it: `127.0.0.1:18080 → 80`, `0.0.0.0:(any) → 53/udp`. */
  label: string;
  hostIp: string;
  host?: number;
  container: number;
  protocol: "tcp" | "udp";
}

export interface TopoLink {
  from: string;
  to: string;
  alias: string;
}

export interface TopoArrow {
  step: number;
  kind: string;
  /** A container name, or `host`. */
  from: string;
  /** The container the target names, `host`, or undefined when the name is unknown to the scenario. */
  to?: string;
  /** The target as written: `db:5432`, `database`, `http://web/`. */
  label: string;
  /** A cell of a `reach` matrix: its row (the source's place in `from:`), its column in `to:`, and the cell as written (`yes`, `no`, `timeout`, ...). */
  cell?: { row: number; col: number; expected: string };
}

/** The name the default bridge goes by; `bridge` is reserved for it in scenario files. */
export const DEFAULT_BRIDGE = "bridge";

export function topologyOf(s: Scenario): Topology {
  const onBridge = s.containers.some((c) => c.networkMode.kind === "bridge");
  const networks: TopoNetwork[] = [
    ...s.networks.map((n) => ({
      name: n.name,
      defaultBridge: false,
      internal: n.internal,
      driver: n.driver,
      ...(n.ipam.length ? { subnet: n.ipam.map((p) => p.subnet).join(", ") } : {}),
    })),
    ...(onBridge ? [{ name: DEFAULT_BRIDGE, defaultBridge: true, internal: false, driver: "bridge" }] : []),
  ];
  const containers = s.containers.map(containerOf);
  const links = s.containers.flatMap((c) => c.links.map((l) => ({ from: c.name, to: l.target, alias: l.alias })));
  const arrows = s.steps.flatMap((st) => (st.kind === "reach" ? reachArrows(st, s.containers) : (arrowOf(st, s.containers) ?? [])));
  const host = containers.some((c) => c.ports.length > 0 || c.mode === "host") || arrows.some((a) => a.from === "host" || a.to === "host");
  return { scenario: s.name, networks, containers, links, host, arrows };
}

function containerOf(c: ContainerSpec): TopoContainer {
  const m = c.networkMode;
  const attachments =
    m.kind === "networks"
      ? c.networks.map((a) => ({ network: a.network, aliases: a.aliases, ...(a.ipv4Address ? { ip: a.ipv4Address } : {}) }))
      : m.kind === "bridge"
        ? [{ network: DEFAULT_BRIDGE, aliases: [] }]
        : [];
  return { name: c.name, mode: m.kind, ...(m.kind === "container" ? { shares: m.container } : {}), attachments, ports: c.ports.map(portOf), stopped: !c.start };
}

export function portOf(p: PortSpec): TopoPort {
  const hostIp = p.hostIp ?? "0.0.0.0";
  const proto = p.protocol === "udp" ? "/udp" : "";
  return {
    label: `${hostIp.includes(":") ? `[${hostIp}]` : hostIp}:${p.host ?? "(any)"} → ${p.container}${proto}`,
    hostIp,
    ...(p.host !== undefined ? { host: p.host } : {}),
    container: p.container,
    protocol: p.protocol,
  };
}

type Target = string | { ip_of: string };

/** resolve/tcp/http/ping -> an arrow from the probing side to the container the target names. */
function arrowOf(st: Step, containers: ContainerSpec[]): TopoArrow | undefined {
  const a = st.args as Record<string, unknown> | null;
  if (!a || typeof a !== "object" || typeof a.from !== "string") return undefined;
  const from = a.from;
  let target: Target | undefined;
  let label: string;
  let port = typeof a.port === "number" ? a.port : undefined;
  if (st.kind === "resolve" && typeof a.name === "string") [target, label] = [a.name, a.name];
  else if ((st.kind === "tcp" || st.kind === "ping") && a.host !== undefined) {
    target = a.host as Target;
    const shown = typeof target === "string" ? target : `ip_of ${target.ip_of}`;
    label = st.kind === "tcp" ? `${shown}:${String(a.port)}` : shown;
  } else if (st.kind === "http" && typeof a.url === "string") {
    label = a.url;
    try {
      const url = new URL(a.url);
      target = url.hostname.replace(/^\[|\]$/g, "");
      port = Number(url.port || (url.protocol === "https:" ? 443 : 80));
    } catch {
      target = undefined;
    }
  } else return undefined;
  const to = target === undefined ? undefined : targetContainer(target, from, port, containers);
  return { step: st.index, kind: st.kind, from, ...(to ? { to } : {}), label };
}

/** A `reach` matrix -> one arrow per checked cell (`.` cells are not drawn), from the row's source to the column's target. */
function reachArrows(st: Step, containers: ContainerSpec[]): TopoArrow[] {
  const a = st.args as { to?: unknown; from?: unknown; port?: unknown } | null;
  if (!a || !Array.isArray(a.to) || !a.from || typeof a.from !== "object") return [];
  const targets = a.to as Target[];
  const port = typeof a.port === "number" ? a.port : undefined;
  return Object.entries(a.from as Record<string, unknown>).flatMap(([source, row], r) =>
    typeof row !== "string"
      ? []
      : rowCells(row).flatMap((expected, col): TopoArrow[] => {
          const target = targets[col];
          if (expected === "." || target === undefined) return [];
          const shown = typeof target === "string" ? target : `ip_of ${target.ip_of}`;
          const to = targetContainer(target, source, port, containers);
          return [
            {
              step: st.index,
              kind: "reach",
              from: source,
              ...(to ? { to } : {}),
              label: port === undefined ? shown : `${shown}:${port}`,
              cell: { row: r, col, expected },
            },
          ];
        }),
  );
}

/**
 * Which container (or the host) a target names, as far as the file tells. Loopback is the
 * prober itself; the host's loopback on a published port is the container that publishes it.
 */
function targetContainer(t: Target, from: string, port: number | undefined, containers: ContainerSpec[]): string | undefined {
  if (typeof t !== "string") return t.ip_of;
  if (/^(localhost|127\.\d+\.\d+\.\d+|::1)$/.test(t)) {
    const onHost = from === "host" || containers.find((c) => c.name === from)?.networkMode.kind === "host";
    if (!onHost) return from;
    return containers.find((c) => c.ports.some((p) => p.host === port && p.protocol === "tcp"))?.name ?? "host";
  }
  const by = (pick: (c: ContainerSpec) => boolean): string | undefined => containers.find(pick)?.name;
  return (
    by((c) => c.name === t) ??
    by((c) => c.hostname === t) ??
    by((c) => c.networks.some((n) => n.aliases.includes(t) || n.ipv4Address === t)) ??
    containers.find((c) => c.name === from)?.links.find((l) => l.alias === t)?.target
  );
}
