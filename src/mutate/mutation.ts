import type { ContainerSpec, NetworkMode, Scenario } from "../scenario/types.js";

/**
 * One change of a scenario's world, as data: what `lab lint --mutate` runs the scenario
 * under, to see which steps go the other way. Derived from the file alone
 * (derive-mutations.ts); `applyMutation` turns it into the changed scenario.
 */
export type Mutation =
  | { kind: "drop-attachment"; container: string; network: string }
  | { kind: "drop-alias"; container: string; network: string; alias: string }
  | { kind: "drop-link"; container: string; target: string; alias: string }
  | { kind: "drop-port"; container: string; port: number; host?: number; protocol: "tcp" | "udp" }
  | { kind: "drop-internal"; network: string }
  | { kind: "network-mode"; container: string; from: NetworkMode["kind"]; to: "bridge" | "none" }
  | { kind: "stop"; container: string }
  /** The mirror of `stop`: a container declared created, not started, is started. */
  | { kind: "start"; container: string }
  /** A link given to another container (`to`) instead of its own (`container`). */
  | { kind: "move-link"; container: string; target: string; alias: string; to: string }
  /** `from`/`to` undefined: the default bridge. */
  | { kind: "swap-network"; container: string; from?: string; to?: string }
  /** Every container of the default bridge on one new user-defined network, `network`, instead. */
  | { kind: "user-bridge"; network: string; containers: string[] }
  /** One `extra_hosts` entry (`name:ip`) left out of a container's /etc/hosts. */
  | { kind: "drop-host-entry"; container: string; entry: string }
  /** A network of another driver or `attachable` made a plain local bridge. */
  | { kind: "plain-network"; network: string; driver: string }
  /** The world without one of the lesson's moves: an action step left out (`index` in `steps`). */
  | { kind: "skip-step"; index: number; title: string };

export type MutationKind = Mutation["kind"];

const bridgeName = (network: string | undefined): string => network ?? "the default bridge";

/** The mutation in a few words, e.g. `drop alias database of db on app`. */
export function describeMutation(m: Mutation): string {
  switch (m.kind) {
    case "drop-attachment":
      return `drop ${m.container}'s attachment to ${m.network}`;
    case "drop-alias":
      return `drop alias ${m.alias} of ${m.container} on ${m.network}`;
    case "drop-link":
      return `drop the link ${m.target}:${m.alias} of ${m.container}`;
    case "drop-port":
      return `drop the published port ${m.host === undefined ? "" : `${m.host}→`}${m.port}/${m.protocol} of ${m.container}`;
    case "drop-internal":
      return `make ${m.network} not internal`;
    case "network-mode":
      return `put ${m.container} on ${m.to === "bridge" ? "the default bridge" : "network mode none"} instead of ${modeName(m.from)}`;
    case "stop":
      return `leave ${m.container} created, not started`;
    case "start":
      return `start ${m.container}, declared created, not started`;
    case "move-link":
      return `give the link ${m.target}:${m.alias} to ${m.to} instead of ${m.container}`;
    case "swap-network":
      return `put ${m.container} on ${bridgeName(m.to)} instead of ${bridgeName(m.from)}`;
    case "user-bridge":
      return `put ${m.containers.join(", ")} on a user-defined network instead of the default bridge`;
    case "drop-host-entry":
      return `drop the host entry ${m.entry} of ${m.container}`;
    case "plain-network":
      return `make ${m.network} a plain local bridge instead of ${m.driver === "bridge" ? "an attachable one" : `its ${m.driver} driver`}`;
    case "skip-step":
      return `leave out step ${m.index + 1} (${m.title})`;
  }
}

const modeName = (kind: NetworkMode["kind"]): string =>
  kind === "container"
    ? "another container's namespace"
    : kind === "bridge"
      ? "the default bridge"
      : kind === "networks"
        ? "its networks"
        : `network mode ${kind}`;

/** The scenario with the mutation applied; the original is not touched. */
export function applyMutation(s: Scenario, m: Mutation): Scenario {
  const containers = (f: (c: ContainerSpec) => ContainerSpec): Scenario => ({
    ...s,
    containers: s.containers.map((c) => (c.name === (m as { container: string }).container ? f(c) : c)),
  });
  switch (m.kind) {
    case "skip-step":
      return { ...s, steps: s.steps.filter((x) => x.index !== m.index) };
    case "user-bridge":
      return {
        ...s,
        networks: [
          ...s.networks,
          { name: m.network, driver: "bridge", internal: false, attachable: false, enableIpv6: false, ipam: [], driverOpts: {}, labels: {}, create: true },
        ],
        containers: s.containers.map((c) =>
          m.containers.includes(c.name) ? { ...c, networkMode: { kind: "networks" }, networks: [{ network: m.network, aliases: [] }] } : c,
        ),
      };
    case "start":
      return containers((c) => ({ ...c, start: true }));
    case "move-link": {
      const link = { target: m.target, alias: m.alias };
      const moved = applyMutation(s, { kind: "drop-link", container: m.container, target: m.target, alias: m.alias });
      return { ...moved, containers: moved.containers.map((c) => (c.name === m.to ? { ...c, links: [...c.links, link] } : c)) };
    }
    case "drop-attachment":
      return containers((c) =>
        onNetworks(
          c,
          c.networks.filter((a) => a.network !== m.network),
        ),
      );
    case "drop-alias":
      return containers((c) => ({
        ...c,
        networks: c.networks.map((a) => (a.network === m.network ? { ...a, aliases: a.aliases.filter((x) => x !== m.alias) } : a)),
      }));
    case "drop-link":
      return containers((c) => ({ ...c, links: c.links.filter((l) => !(l.target === m.target && l.alias === m.alias)) }));
    case "drop-port":
      return containers((c) => ({ ...c, ports: c.ports.filter((p) => !(p.container === m.port && p.host === m.host && p.protocol === m.protocol)) }));
    case "drop-internal":
      return { ...s, networks: s.networks.map((n) => (n.name === m.network ? { ...n, internal: false } : n)) };
    case "drop-host-entry":
      return containers((c) => ({ ...c, extraHosts: c.extraHosts.filter((e) => e !== m.entry) }));
    case "plain-network":
      return { ...s, networks: s.networks.map((n) => (n.name === m.network ? { ...n, driver: "bridge", attachable: false, driverOpts: {} } : n)) };
    case "network-mode":
      return containers((c) => ({ ...c, networkMode: { kind: m.to }, networks: [] }));
    case "stop":
      // Nothing to wait for in a container that never starts.
      return containers((c) => ({ ...c, start: false, wait: undefined }));
    case "swap-network":
      return containers((c) => {
        if (m.to === undefined)
          return onNetworks(
            c,
            c.networks.filter((a) => a.network !== m.from),
          );
        if (m.from === undefined) return { ...c, networkMode: { kind: "networks" }, networks: [{ network: m.to, aliases: [] }] };
        // The attachment moves with its aliases; a fixed address belongs to the old network's subnet.
        return { ...c, networks: c.networks.map((a) => (a.network === m.from ? { network: m.to!, aliases: a.aliases } : a)) };
      });
  }
}

/** A container with these attachments: none left means the default bridge, as with a plain `docker run`. */
const onNetworks = (c: ContainerSpec, networks: ContainerSpec["networks"]): ContainerSpec =>
  networks.length === 0 ? { ...c, networkMode: { kind: "bridge" }, networks: [] } : { ...c, networks };
