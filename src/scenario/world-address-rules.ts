import { reportRefusal } from "./engine-refusals.js";
import { parsePort } from "./port-spec.js";
import type { RawContainer, RawNetwork, RawScenario } from "./raw.js";
import type { DocPath, SourceFile } from "./source-file.js";
import { contains, isCidr, isUnspecified, lastOf, overlaps, parseCidr, parseIp, type Cidr, type Ip } from "./world-addresses.js";

/**
 * What the engine would refuse about addresses, said at validation: subnets that are not
 * subnets, gateways and fixed addresses outside their network's subnet (or on a network
 * without one), subnets that overlap, one address given twice, host IPs that are not
 * addresses, and a host port published twice by containers that run at the same time.
 */
export function checkAddresses(
  source: SourceFile,
  raw: RawScenario,
  containers: Record<string, RawContainer>,
  networks: Record<string, RawNetwork | null>,
): void {
  const pools = checkPools(source, raw, networks);
  checkFixedAddresses(source, raw, containers, networks, pools);
  checkHostPorts(source, raw, containers);
}

/** One address pool as written: the top-level `subnet` shorthand, or one entry of `ipam.config`. */
interface Pool {
  network: string;
  /** Where its keys are: `["networks", name]` or `["networks", name, "ipam", "config", i]`. */
  at: DocPath;
  cidr: Cidr;
  gateway?: Ip;
  /** The gateway is the engine's choice (none written): the subnet's first address. */
  implicit?: boolean;
}

const BITS = { 4: 32, 6: 128 } as const;

/**
 * Every pool of every network through the same rules, wherever it is written: a subnet that
 * is a subnet (octets, prefix, host bits), a gateway of its family inside it and not its own
 * address, an `ip_range` inside it, and no two pools overlapping, in one network or across
 * networks. Returns the valid pools by network, for the fixed addresses.
 */
function checkPools(source: SourceFile, raw: RawScenario, networks: Record<string, RawNetwork | null>): Map<string, Pool[]> {
  const byNetwork = new Map<string, Pool[]>();
  const all: Pool[] = [];
  for (const [name, n] of Object.entries(networks)) {
    if (!n || typeof n !== "object") continue;
    const written: { at: DocPath; keys: Record<string, unknown> }[] = [];
    if (n.subnet !== undefined || n.gateway !== undefined || n.ip_range !== undefined)
      written.push({ at: ["networks", name], keys: { subnet: n.subnet, gateway: n.gateway, ip_range: n.ip_range } });
    const config: unknown = (n.ipam as { config?: unknown } | undefined)?.config;
    if (Array.isArray(config))
      config.forEach((entry: unknown, i) => {
        if (entry && typeof entry === "object" && !Array.isArray(entry))
          written.push({ at: ["networks", name, "ipam", "config", i], keys: entry as Record<string, unknown> });
      });
    const mine: Pool[] = [];
    for (const { at, keys } of written) {
      const pool = checkPool(source, raw, name, at, keys, written.length > 1 || at.length > 2, (n.driver ?? "bridge") === "bridge");
      if (!pool) continue;
      const other = all.find((p) => overlaps(p.cidr, pool.cidr));
      if (other)
        reportRefusal(
          source,
          raw,
          { kind: "network", name, phase: "create" },
          "E_ADDRESS",
          [...at, "subnet"],
          other.network === name
            ? `subnet ${pool.cidr.text} of network "${name}" overlaps its other subnet ${other.cidr.text}; the engine refuses overlapping pools, so give them separate ranges`
            : `subnet ${pool.cidr.text} of network "${name}" overlaps subnet ${other.cidr.text} of network "${other.network}"; the engine refuses overlapping subnets, so give them separate ranges`,
          { howTo: false },
        );
      all.push(pool);
      mine.push(pool);
    }
    byNetwork.set(name, mine);
  }
  return byNetwork;
}

/** One pool's own rules; the pool when its subnet is valid. `inIpam` names the entry in messages. */
function checkPool(
  source: SourceFile,
  raw: RawScenario,
  name: string,
  at: DocPath,
  keys: Record<string, unknown>,
  inIpam: boolean,
  bridge: boolean,
): Pool | undefined {
  const entry = inIpam && at.length > 2 ? `ipam.config entry ${Number(at[at.length - 1]) + 1}` : undefined;
  const of = entry ? `network "${name}" (${entry})` : `network "${name}"`;
  let cidr: Cidr | undefined;
  if (typeof keys.subnet === "string") {
    const parsed = parseCidr(keys.subnet);
    if (!isCidr(parsed)) source.report("E_ADDRESS", [...at, "subnet"], `${parsed.problem} (network "${name}"${entry ? `, ${entry}` : ""})`);
    else cidr = parsed;
  }
  // The engine refuses these at `docker network create` ("no matching subnet for gateway", "Invalid ...").
  const refused = (path: DocPath, message: string): void =>
    reportRefusal(source, raw, { kind: "network", name, phase: "create" }, "E_ADDRESS", path, message, { howTo: false });
  let gateway: Ip | undefined;
  if (typeof keys.gateway === "string") {
    const ip = parseIp(keys.gateway);
    const path: DocPath = [...at, "gateway"];
    if (!ip) {
      // The schema's format already refused it.
    } else if (keys.subnet === undefined)
      refused(path, `gateway ${keys.gateway} of ${of} needs a "subnet" that contains it; the engine picks the gateway of a subnet it picks itself`);
    else if (cidr && ip.family !== cidr.family)
      source.report("E_ADDRESS", path, `gateway ${keys.gateway} is an IPv${ip.family} address, but subnet ${cidr.text} of ${of} is IPv${cidr.family}`);
    else if (cidr && !contains(cidr, ip)) refused(path, `gateway ${keys.gateway} is outside subnet ${cidr.text} of ${of}`);
    else if (cidr && ip.value === cidr.base)
      refused(path, `gateway ${keys.gateway} is the address of subnet ${cidr.text} itself; give an address inside it, such as the next one`);
    else gateway = ip;
  }
  if (typeof keys.ip_range === "string") {
    const path: DocPath = [...at, "ip_range"];
    const range = parseCidr(keys.ip_range);
    if (!isCidr(range)) source.report("E_ADDRESS", path, `${range.problem.replace(/^subnet /, "ip_range ")} (network "${name}"${entry ? `, ${entry}` : ""})`);
    else if (keys.subnet === undefined)
      source.report("E_ADDRESS", path, `ip_range ${keys.ip_range} of ${of} needs a "subnet" that contains it; the engine assigns from a range of a subnet`);
    else if (cidr && (range.family !== cidr.family || range.prefix < cidr.prefix || !contains(cidr, { family: range.family, value: range.base, text: "" })))
      source.report(
        "E_ADDRESS",
        path,
        `ip_range ${keys.ip_range} is not inside subnet ${cidr.text} of ${of}; the engine assigns addresses only from within the subnet`,
      );
  }
  // Without a gateway (or a range) written, the bridge driver makes the first address its own: a container cannot have it.
  const implicit =
    keys.gateway === undefined && keys.ip_range === undefined && bridge && cidr && cidr.prefix < BITS[cidr.family] - 1
      ? { family: cidr.family, value: cidr.base + 1n, text: "" }
      : undefined;
  return cidr && { network: name, at, cidr, ...(gateway ? { gateway } : implicit ? { gateway: implicit, implicit: true } : {}) };
}

/** `ipv4_address` and `ipv6_address`: inside one pool of their family, not its own, broadcast or gateway address, and given once. */
function checkFixedAddresses(
  source: SourceFile,
  raw: RawScenario,
  containers: Record<string, RawContainer>,
  networks: Record<string, RawNetwork | null>,
  pools: Map<string, Pool[]>,
): void {
  const taken = new Map<string, string>();
  for (const [name, c] of Object.entries(containers)) {
    if (!c || c.networks === undefined || Array.isArray(c.networks) || typeof c.networks !== "object") continue;
    // The engine takes each of these at create and refuses it at start ("Invalid address", "Address already in use", ...).
    const refused = (path: DocPath, message: string): void =>
      reportRefusal(source, raw, { kind: "container", name, phase: "start" }, "E_ADDRESS", path, message, { howTo: false });
    for (const [network, a] of Object.entries(c.networks)) {
      if (!Object.hasOwn(networks, network) || !a || typeof a !== "object") continue;
      for (const [key, family] of [
        ["ipv4_address", 4],
        ["ipv6_address", 6],
      ] as const) {
        const address: unknown = (a as Record<string, unknown>)[key];
        if (typeof address !== "string") continue;
        const path: DocPath = ["containers", name, "networks", network, key];
        const ip = parseIp(address);
        if (!ip) continue; // the schema's format already refused it
        const declared = networks[network];
        const written = declared && (declared.subnet !== undefined || (declared.ipam as { config?: unknown } | undefined)?.config !== undefined);
        const mine = (pools.get(network) ?? []).filter((p) => p.cidr.family === ip.family);
        const pool = mine.find((p) => contains(p.cidr, ip));
        if (!written) {
          refused(
            path,
            `container "${name}" has the fixed address ${address} on network "${network}", which declares no "subnet"; the engine takes fixed addresses only on a network with a subnet, so add one that contains ${address}`,
          );
        } else if (ip.family !== family) {
          source.report(
            "E_ADDRESS",
            path,
            `${key} ${address} of container "${name}" is an IPv${ip.family} address; give it as ${family === 4 ? "ipv6_address" : "ipv4_address"}`,
          );
        } else if (!(pools.get(network) ?? []).length) {
          // The network's subnets are all invalid: each is reported where it is written.
        } else if (!mine.length) {
          refused(
            path,
            `container "${name}" has the fixed address ${address} on network "${network}", which has no IPv${family} subnet; add one that contains it${family === 6 ? ' (in "ipam.config", with "enable_ipv6: true")' : ""}`,
          );
        } else if (!pool) {
          refused(
            path,
            `address ${address} of container "${name}" is outside ${mine.length > 1 ? `every subnet of network "${network}" (${mine.map((p) => p.cidr.text).join(", ")})` : `subnet ${mine[0]!.cidr.text} of network "${network}"`}`,
          );
        } else if (ip.value === pool.cidr.base || (pool.cidr.family === 4 && pool.cidr.prefix < 31 && ip.value === lastOf(pool.cidr))) {
          refused(
            path,
            `address ${address} of container "${name}" is the ${ip.value === pool.cidr.base ? "subnet's own" : "broadcast"} address of network "${network}"; give one inside ${pool.cidr.text}`,
          );
        } else if (pool.gateway?.value === ip.value) {
          refused(
            path,
            `address ${address} of container "${name}" is the gateway of network "${network}"${pool.implicit ? " (the subnet's first address, which the engine takes as gateway when none is written)" : ""}; give another one`,
          );
        } else {
          const key2 = `${network} ${ip.family} ${ip.value}`;
          const first = taken.get(key2);
          if (first !== undefined)
            refused(path, `address ${address} on network "${network}" is also given to container "${first}"; an address belongs to one container`);
          else taken.set(key2, name);
        }
      }
    }
  }
}

interface Published {
  container: string;
  index: number;
  host: number;
  protocol: string;
  ip?: Ip;
}

/**
 * A host port is one socket on the host: two containers that run together cannot both
 * publish it on overlapping addresses (0.0.0.0 and :: overlap every address). Containers
 * that start with the world run together; one with `start: false` joins them at its first
 * `start` step, unless that step expects to fail or a step before it stops, kills or
 * removes the other.
 */
function checkHostPorts(source: SourceFile, raw: RawScenario, containers: Record<string, RawContainer>): void {
  const published: Published[] = [];
  for (const [name, c] of Object.entries(containers)) {
    (c.ports ?? []).forEach((p, index) => {
      const path: DocPath = ["containers", name, "ports", index];
      const spec = typeof p === "string" ? parsePort(p) : { host: p.host, protocol: p.protocol ?? "tcp", hostIp: p.host_ip, container: p.container };
      if (!spec) return;
      let ip: Ip | undefined;
      if (spec.hostIp !== undefined) {
        ip = parseIp(spec.hostIp);
        if (!ip)
          return source.report(
            "E_PORT",
            path,
            `port ${JSON.stringify(typeof p === "string" ? p : spec.hostIp)} has the host address "${spec.hostIp}", which is not an IPv4 or IPv6 address`,
          );
      }
      if (spec.host !== undefined) published.push({ container: name, index, host: spec.host, protocol: spec.protocol, ip });
    });
  }
  const clash = (a: Published, b: Published): boolean =>
    a.host === b.host &&
    a.protocol === b.protocol &&
    (!a.ip || !b.ip || isUnspecified(a.ip) || isUnspecified(b.ip) || (a.ip.family === b.ip.family && a.ip.value === b.ip.value));
  const where = (p: Published): string => `${p.ip ? `${p.ip.family === 6 ? `[${p.ip.text}]` : p.ip.text}:` : ""}${p.host}/${p.protocol}`;
  const steps = raw.steps ?? [];
  // When each container first runs: 0 with the world, n at step n, never (-1) when its first
  // start expects to fail (a step with `error` means it too) or no step starts it.
  const startsAt = new Map<string, number>();
  for (const [name, c] of Object.entries(containers)) {
    if (c.start !== false) startsAt.set(name, 0);
    else {
      const i = steps.findIndex((s) => s.start === name);
      startsAt.set(name, i < 0 || steps[i]!.expect === "fail" || steps[i]!.error !== undefined ? -1 : i + 1);
    }
  }
  const goneBetween = (name: string, from: number, to: number): boolean =>
    steps.slice(Math.max(0, from), Math.max(0, to - 1)).some((s) => s.stop === name || s.kill === name || s.remove === name);
  published.forEach((p, i) => {
    const mine = startsAt.get(p.container)!;
    if (mine < 0) return;
    // The container that was running first is the one the engine lets bind; the later one is told.
    const other = published.find((q, j) => {
      if (j === i || !clash(p, q)) return false;
      if (q.container === p.container) return j < i;
      const theirs = startsAt.get(q.container)!;
      if (theirs < 0 || theirs > mine || (theirs === mine && j > i)) return false;
      return !goneBetween(q.container, theirs, mine);
    });
    if (!other) return;
    const whenText = mine === 0 ? "both start with the world" : `"${p.container}" starts at step ${mine} while "${other.container}" still runs`;
    const message =
      other.container === p.container
        ? `container "${p.container}" publishes host port ${where(p)} twice; the engine can bind it once`
        : `host port ${where(p)} of container "${p.container}" is also published by container "${other.container}" (${where(other)}), and ${whenText}: the engine would refuse the second. Use another host port, a different host address, or \`expect: fail\` on the start step that tests the conflict`;
    source.report("E_PORT", ["containers", p.container, "ports", p.index], message);
  });
}
