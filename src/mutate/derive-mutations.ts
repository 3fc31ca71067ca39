import type { ContainerSpec, Scenario, Step } from "../scenario/types.js";
import { stepKind, type StepKindName } from "../steps/step-table.js";
import { isJudged, stepWords } from "./step-relevance.js";
import type { Mutation } from "./mutation.js";

/** A mutation and the names it touches: scenario containers and networks, and `port:N` for a published port. */
export interface Candidate {
  mutation: Mutation;
  touches: string[];
}

/**
 * Every mutation of the world a scenario declares, in the order they are tried: the kinds
 * that change the most first (a stopped container, a container moved off its network), so
 * that the first mutant run for a step is the likeliest to flip it. Derived from the
 * declarations alone (containers, networks and their keys), never from a lab's own names.
 */
export function deriveMutations(s: Scenario): Candidate[] {
  const out: Candidate[] = [];
  const sharers = namespaceSharers(s);
  // A change to a container's network namespace is a change to every container sharing it.
  const touching = (c: ContainerSpec, ...names: (string | undefined)[]): string[] => [
    ...new Set([c.name, ...(sharers.get(c.name) ?? []), ...names.filter((n): n is string => n !== undefined)]),
  ];
  // Only networks that exist at provisioning: a container cannot be put on one a step creates later.
  const declared = s.networks.filter((n) => n.create).map((n) => n.name);

  for (const c of s.containers) if (c.start && c.create) out.push({ mutation: { kind: "stop", container: c.name }, touches: touching(c) });
  for (const c of s.containers)
    if (!c.start && c.create)
      out.push({ mutation: { kind: "start", container: c.name }, touches: touching(c, ...c.ports.map((p) => `port:${p.host ?? p.container}`)) });

  for (const c of s.containers) {
    const mode = c.networkMode;
    if (mode.kind === "networks") {
      const own = c.networks.map((a) => a.network);
      for (const a of c.networks) {
        for (const to of declared.filter((n) => !own.includes(n)))
          out.push({ mutation: { kind: "swap-network", container: c.name, from: a.network, to }, touches: touching(c, a.network, to) });
        // Off its only network, a container is on the default bridge; with several, that is dropping one.
        if (c.networks.length === 1) out.push({ mutation: { kind: "swap-network", container: c.name, from: a.network }, touches: touching(c, a.network) });
      }
    } else if (mode.kind === "bridge") {
      for (const to of declared) out.push({ mutation: { kind: "swap-network", container: c.name, to }, touches: touching(c, to) });
    }
  }

  for (const c of s.containers) {
    const mode = c.networkMode;
    // Off every network (bridge or user networks), only loopback is left.
    if (mode.kind === "bridge" || mode.kind === "networks")
      out.push({
        mutation: { kind: "network-mode", container: c.name, from: mode.kind, to: "none" },
        touches: touching(c, ...c.networks.map((a) => a.network)),
      });
    else
      out.push({
        mutation: { kind: "network-mode", container: c.name, from: mode.kind, to: "bridge" },
        touches: touching(c, mode.kind === "container" ? mode.container : undefined),
      });
    if (c.networks.length > 1)
      for (const a of c.networks) out.push({ mutation: { kind: "drop-attachment", container: c.name, network: a.network }, touches: touching(c, a.network) });
    for (const a of c.networks)
      for (const alias of a.aliases)
        out.push({ mutation: { kind: "drop-alias", container: c.name, network: a.network, alias }, touches: touching(c, a.network, alias) });
    for (const l of c.links)
      out.push({ mutation: { kind: "drop-link", container: c.name, target: l.target, alias: l.alias }, touches: touching(c, l.target, l.alias) });
    // A link is private to its container: given to another (neither the target nor in a shared namespace), it shows whose it is.
    for (const l of c.links)
      for (const d of s.containers.filter((d) => d.name !== c.name && d.name !== l.target && d.networkMode.kind !== "container"))
        out.push({
          mutation: { kind: "move-link", container: c.name, target: l.target, alias: l.alias, to: d.name },
          touches: touching(c, d.name, l.target, l.alias),
        });
    for (const entry of c.extraHosts) out.push({ mutation: { kind: "drop-host-entry", container: c.name, entry }, touches: touching(c, hostName(entry)) });
    for (const p of c.ports)
      out.push({
        mutation: { kind: "drop-port", container: c.name, port: p.container, host: p.host, protocol: p.protocol },
        touches: touching(c, `port:${p.container}`, p.host === undefined ? undefined : `port:${p.host}`),
      });
  }

  // The default bridge has no embedded DNS: its containers together on a user network do.
  const onBridge = s.containers.filter((c) => c.networkMode.kind === "bridge");
  if (onBridge.length >= 2) {
    const taken = new Set([...s.networks.map((n) => n.name), ...s.containers.map((c) => c.name)]);
    let network = "mutant";
    for (let k = 2; taken.has(network); k++) network = `mutant${k}`;
    out.push({
      mutation: { kind: "user-bridge", network, containers: onBridge.map((c) => c.name) },
      touches: [...new Set(onBridge.flatMap((c) => touching(c)))],
    });
  }

  // The lesson's moves, each left out in turn: a step after a move that only the move can change.
  for (const step of s.steps) {
    if (isJudged(step) || step.kind === "sleep") continue;
    out.push({ mutation: { kind: "skip-step", index: step.index, title: titleOf(step) }, touches: [...stepWords(s, step)] });
  }

  // What a driver other than the local bridge (overlay, macvlan…) or `attachable` gives a network, taken away.
  for (const n of s.networks.filter((n) => n.driver !== "bridge" || n.attachable)) {
    const attached = s.containers.filter((c) => c.networks.some((a) => a.network === n.name));
    out.push({
      mutation: { kind: "plain-network", network: n.name, driver: n.driver },
      touches: [...new Set([n.name, ...attached.flatMap((c) => touching(c))])],
    });
  }

  for (const n of s.networks.filter((n) => n.internal)) {
    const attached = s.containers.filter((c) => c.networks.some((a) => a.network === n.name));
    out.push({ mutation: { kind: "drop-internal", network: n.name }, touches: [...new Set([n.name, ...attached.flatMap((c) => touching(c))])] });
  }
  return out;
}

/** For each container, the containers in its network namespace (`network_mode: container:X`, either way, transitively). */
export function namespaceSharers(s: Scenario): Map<string, string[]> {
  const owner = (name: string, seen = new Set<string>()): string => {
    const c = s.containers.find((x) => x.name === name);
    if (!c || c.networkMode.kind !== "container" || seen.has(name)) return name;
    seen.add(name);
    return owner(c.networkMode.container, seen);
  };
  const groups = new Map<string, string[]>();
  for (const c of s.containers) groups.set(owner(c.name), [...(groups.get(owner(c.name)) ?? []), c.name]);
  return new Map(s.containers.map((c) => [c.name, (groups.get(owner(c.name)) ?? []).filter((n) => n !== c.name)]));
}

const titleOf = <K extends StepKindName>(step: Step<K>): string => step.name || stepKind(step.kind).describe(step.args, step.expect);

/** The name of an `extra_hosts` entry, `name:ip` (an IPv6 address has colons of its own). */
export const hostName = (entry: string): string => entry.slice(0, entry.indexOf(":"));
