import type { ContainerInfo, Endpoint, NetworkInfo } from "../runtime/runtime.js";
import type { DocPath } from "../scenario/source-file.js";
import type { ContainerSpec, NetworkSpec, PortSpec, Scenario } from "../scenario/types.js";
import type { Binding, DeclarationLine } from "./bind-world.js";
import { namesOf } from "./bind-world.js";

/** What the file says, where: the line of a path, and whether the author wrote it at all. */
export interface Positions {
  line(path: DocPath): number;
  written(path: DocPath): boolean;
}

export interface Judgement {
  ok: boolean;
  message: string;
  evidence?: Record<string, string>;
  /** The fact could not be judged: what it is about does not exist (that is its own failed check). */
  skipped?: boolean;
}

/** One declared fact of the target world, checked against the engine's view: its own result, at its own line. */
export interface Fact {
  title: string;
  line: number;
  judge(world: Binding): Judgement;
}

/**
 * The checks `lab check` makes of a file's declarations, in file order: first that each
 * name exists, then every fact the author wrote (image, networks, aliases, addresses,
 * ports, network mode, links; a network's driver, internal, subnet, gateway). A key left
 * out checks nothing: a check file says only what matters to it.
 */
export function declaredFacts(scenario: Scenario, at: Positions): Fact[] {
  const lineOf: DeclarationLine = (kind, name) => at.line([kind, name]);
  const exists: Fact[] = namesOf(scenario, lineOf).map((n) => ({
    title: `${n.name} exists`,
    line: n.line,
    judge: (world) => {
      const bound = world.names.find((b) => b.kind === n.kind && b.name === n.name);
      const real = bound?.container?.name ?? bound?.network?.name;
      if (!bound || real === undefined)
        return { ok: false, message: `no such ${n.kind}: lab looked for ${bound?.lookedFor ?? `a ${n.kind} named "${n.name}"`}` };
      const state = bound.container ? `, ${bound.container.status}` : "";
      return { ok: true, message: real === n.name ? `${n.kind} ${real}${state}` : `${n.kind} ${real} (${bound.lookedFor})${state}` };
    },
  }));
  return [...exists, ...scenario.containers.flatMap((c) => containerFacts(c, at)), ...scenario.networks.flatMap((n) => networkFacts(n, at))];
}

const missing = (kind: string, name: string): Judgement => ({ ok: false, skipped: true, message: `not checked: ${kind} ${name} does not exist` });

/** A fact about a declared container: judged only when it exists. */
const about =
  (name: string, judge: (info: ContainerInfo, world: Binding) => Judgement) =>
  (world: Binding): Judgement => {
    const info = world.containers.get(name);
    return info ? judge(info, world) : missing("container", name);
  };

function containerFacts(c: ContainerSpec, at: Positions): Fact[] {
  const path = (...rest: (string | number)[]): DocPath => ["containers", c.name, ...rest];
  const facts: Fact[] = [];
  if (at.written(path("image"))) {
    facts.push({
      title: `${c.name} runs the image ${c.image}`,
      line: at.line(path("image")),
      judge: about(c.name, (info) =>
        sameImage(info.image ?? "", c.image)
          ? { ok: true, message: `${c.name} runs ${info.image}` }
          : { ok: false, message: `${c.name} runs the image ${info.image || "(unknown)"}, not ${c.image}` },
      ),
    });
  }
  const listed = at.written(path("networks")) && !at.written(path("networks", 0));
  c.networks.forEach((a, i) => {
    const base = listed ? path("networks", a.network) : path("networks", i);
    const endpointOn = (info: ContainerInfo, world: Binding): Endpoint | undefined | "no network" => {
      const net = world.networks.get(a.network);
      if (!net) return "no network";
      return Object.entries(info.endpoints).find(([name, e]) => e.networkId === net.id || name === net.name)?.[1];
    };
    const onIt = (judge: (e: Endpoint, info: ContainerInfo) => Judgement) =>
      about(c.name, (info, world) => {
        const e = endpointOn(info, world);
        if (e === "no network") return missing("network", a.network);
        if (!e) return { ok: false, message: `${c.name} is not on ${a.network}: it is on ${networksIn(info, world)}` };
        return judge(e, info);
      });
    facts.push({ title: `${c.name} is on ${a.network}`, line: at.line(base), judge: onIt(() => ({ ok: true, message: `${c.name} is on ${a.network}` })) });
    a.aliases.forEach((alias, j) => {
      facts.push({
        title: `${c.name} is on ${a.network} with the alias ${alias}`,
        line: at.line([...base, "aliases", j]),
        judge: onIt((e, info) => {
          const own = e.aliases.filter((x) => !info.id.startsWith(x));
          return own.includes(alias)
            ? { ok: true, message: `${c.name} answers to ${alias} on ${a.network}` }
            : { ok: false, message: `${c.name} is on ${a.network} without the alias ${alias}: its aliases there are ${own.length ? own.join(", ") : "none"}` };
        }),
      });
    });
    if (a.ipv4Address) {
      const want = a.ipv4Address;
      facts.push({
        title: `${c.name} has the address ${want} on ${a.network}`,
        line: at.line([...base, "ipv4_address"]),
        judge: onIt((e) =>
          e.ipv4 === want
            ? { ok: true, message: `${c.name} has ${want} on ${a.network}` }
            : { ok: false, message: `${c.name} has the address ${e.ipv4 || "(none)"} on ${a.network}, not ${want}` },
        ),
      });
    }
  });
  if (at.written(path("network_mode"))) facts.push(modeFact(c, at.line(path("network_mode"))));
  c.ports.forEach((p, i) => facts.push(portFact(c.name, p, at.line(path("ports", i)))));
  c.links.forEach((l, i) => {
    facts.push({
      title: `${c.name} links ${l.target}${l.alias === l.target ? "" : ` as ${l.alias}`}`,
      line: at.line(path("links", i)),
      judge: about(c.name, (info, world) => {
        const target = world.containers.get(l.target);
        if (!target) return missing("container", l.target);
        const legacy = (info.links ?? []).includes(`/${target.name}:/${info.name}/${l.alias}`);
        const onNetwork = Object.values(info.endpoints).some((e) => e.links.includes(`${target.name}:${l.alias}`));
        if (legacy || onNetwork) return { ok: true, message: `${c.name} links ${target.name} as ${l.alias}` };
        const has = [...(info.links ?? []), ...Object.values(info.endpoints).flatMap((e) => e.links)];
        return { ok: false, message: `${c.name} has no link to ${l.target} as ${l.alias}: its links are ${has.length ? has.join(", ") : "none"}` };
      }),
    });
  });
  return facts;
}

function modeFact(c: ContainerSpec, line: number): Fact {
  const mode = c.networkMode;
  if (mode.kind === "container") {
    return {
      title: `${c.name} shares the network namespace of ${mode.container}`,
      line,
      judge: about(c.name, (info, world) => {
        const target = world.containers.get(mode.container);
        if (!target) return missing("container", mode.container);
        const ok = info.networkMode === `container:${target.id}` || info.networkMode === `container:${target.name}`;
        return ok
          ? { ok: true, message: `${c.name} runs in the network namespace of ${mode.container}` }
          : { ok: false, message: `${c.name} has the network mode ${describeMode(info.networkMode, world)}, not container:${mode.container}` };
      }),
    };
  }
  if (mode.kind === "bridge") {
    return {
      title: `${c.name} is on the default bridge`,
      line,
      judge: about(c.name, (info, world) =>
        "bridge" in info.endpoints
          ? { ok: true, message: `${c.name} is on the default bridge` }
          : { ok: false, message: `${c.name} is not on the default bridge: it is on ${networksIn(info, world)}` },
      ),
    };
  }
  const want = mode.kind;
  return {
    title: `${c.name} has the network mode ${want}`,
    line,
    judge: about(c.name, (info, world) =>
      info.networkMode === want
        ? { ok: true, message: `${c.name} has the network mode ${want}` }
        : { ok: false, message: `${c.name} has the network mode ${describeMode(info.networkMode, world)}, not ${want}` },
    ),
  };
}

function portFact(name: string, p: PortSpec, line: number): Fact {
  const key = `${p.container}/${p.protocol}`;
  const where = p.host === undefined ? (p.hostIp ? ` on ${p.hostIp}` : "") : ` on ${p.hostIp ? `${p.hostIp}:` : "host port "}${p.host}`;
  // Without an address, the declaration (like `-p 8080:80`) means every address of the host.
  const anyAddress = (ip: string): boolean => ip === "" || ip === "0.0.0.0" || ip === "::";
  return {
    title: `${name} publishes ${key}${where}`,
    line,
    judge: about(name, (info) => {
      const bindings = info.ports[key] ?? [];
      const shown = bindings.map((b) => `${b.hostIp || "0.0.0.0"}:${b.hostPort}`).join(", ");
      const ok = bindings.some(
        (b) => (p.host === undefined || b.hostPort === String(p.host)) && (p.hostIp === undefined ? anyAddress(b.hostIp) : b.hostIp === p.hostIp),
      );
      if (ok) return { ok: true, message: `${name} publishes ${key} on ${shown}` };
      return {
        ok: false,
        message: bindings.length === 0 ? `${name} does not publish ${key}` : `${name} publishes ${key} on ${shown}, not${where || " on every address"}`,
      };
    }),
  };
}

function networkFacts(n: NetworkSpec, at: Positions): Fact[] {
  const path = (key: string): DocPath => ["networks", n.name, key];
  const facts: Fact[] = [];
  const fact = (key: string, title: string, holds: (info: NetworkInfo) => boolean, seen: (info: NetworkInfo) => string): void => {
    if (!at.written(path(key))) return;
    facts.push({
      title,
      line: at.line(path(key)),
      judge: (world) => {
        const info = world.networks.get(n.name);
        if (!info) return missing("network", n.name);
        return holds(info) ? { ok: true, message: title } : { ok: false, message: `${n.name} ${seen(info)}` };
      },
    });
  };
  const subnets = (info: NetworkInfo): string => info.subnets.map((s) => s.subnet).join(", ") || "none";
  fact(
    "driver",
    `${n.name} has the driver ${n.driver}`,
    (i) => i.driver === n.driver,
    (i) => `has the driver ${i.driver}, not ${n.driver}`,
  );
  fact(
    "internal",
    n.internal ? `${n.name} is internal` : `${n.name} is not internal`,
    (i) => i.internal === n.internal,
    (i) => (i.internal ? "is internal" : "is not internal"),
  );
  // The top-level `subnet`/`gateway` shorthand is the first pool; `ipam.config` pools are checked alike.
  const first = n.ipam[0];
  if (first) {
    fact(
      "subnet",
      `${n.name} has the subnet ${first.subnet}`,
      (i) => i.subnets.some((s) => s.subnet === first.subnet),
      (i) => `has the subnets ${subnets(i)}, not ${first.subnet}`,
    );
    const gateway = first.gateway;
    if (gateway)
      fact(
        "gateway",
        `${n.name} has the gateway ${gateway}`,
        (i) => i.subnets.some((s) => s.gateway === gateway),
        (i) => `has the gateways ${i.subnets.map((s) => s.gateway ?? "(none)").join(", ") || "none"}, not ${gateway}`,
      );
  }
  return facts;
}

/** The networks a container is on, in the file's names where it has them. */
function networksIn(info: ContainerInfo, world: Binding): string {
  const names = Object.entries(info.endpoints).map(([real, e]) => [...world.networks].find(([, n]) => n.id === e.networkId || n.name === real)?.[0] ?? real);
  return names.length ? names.join(", ") : `no network (network mode ${describeMode(info.networkMode, world)})`;
}

function describeMode(mode: string, world: Binding): string {
  if (!mode.startsWith("container:")) return mode;
  const id = mode.slice("container:".length);
  const name = [...world.containers].find(([, c]) => c.id === id || c.name === id)?.[0];
  return `container:${name ?? id}`;
}

/** `busybox`, `busybox:latest`, `docker.io/library/busybox` are one image. */
export function sameImage(seen: string, declared: string): boolean {
  const canonical = (ref: string): string => {
    let r = ref.replace(/^docker\.io\//, "").replace(/^library\//, "");
    if (!r.includes("@") && !/:[^/]+$/.test(r)) r = `${r}:latest`;
    return r;
  };
  return canonical(seen) === canonical(declared);
}
