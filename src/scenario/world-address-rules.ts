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
  const subnets = new Map<string, Cidr>();
  const gateways = new Map<string, Ip>();
  for (const [name, n] of Object.entries(networks)) {
    const at = (key: string): DocPath => ["networks", name, key];
    if (typeof n?.subnet === "string") {
      const cidr = parseCidr(n.subnet);
      if (!isCidr(cidr)) source.report("E_ADDRESS", at("subnet"), `${cidr.problem} (network "${name}")`);
      else {
        const other = [...subnets].find(([, c]) => overlaps(c, cidr));
        if (other)
          source.report(
            "E_ADDRESS",
            at("subnet"),
            `subnet ${n.subnet} of network "${name}" overlaps subnet ${other[1].text} of network "${other[0]}"; the engine refuses overlapping subnets, so give them separate ranges`,
          );
        subnets.set(name, cidr);
      }
    }
    if (typeof n?.gateway === "string") {
      const ip = parseIp(n.gateway);
      if (!ip) continue; // the schema's format already refused it
      const cidr = subnets.get(name);
      if (n.subnet === undefined)
        source.report(
          "E_ADDRESS",
          at("gateway"),
          `gateway ${n.gateway} of network "${name}" needs a "subnet" that contains it; the engine picks the gateway of a subnet it picks itself`,
        );
      else if (cidr && !contains(cidr, ip))
        source.report("E_ADDRESS", at("gateway"), `gateway ${n.gateway} is outside subnet ${cidr.text} of network "${name}"`);
      else if (cidr && ip.value === cidr.base)
        source.report(
          "E_ADDRESS",
          at("gateway"),
          `gateway ${n.gateway} is the address of subnet ${cidr.text} itself; give an address inside it, such as the next one`,
        );
      gateways.set(name, ip);
    }
  }

  const taken = new Map<string, string>();
  for (const [name, c] of Object.entries(containers)) {
    if (c.networks === undefined || Array.isArray(c.networks)) continue;
    for (const [network, a] of Object.entries(c.networks)) {
      const address = a?.ipv4_address;
      if (typeof address !== "string" || !(network in networks)) continue;
      const path: DocPath = ["containers", name, "networks", network, "ipv4_address"];
      const ip = parseIp(address);
      if (!ip) continue; // the schema's format already refused it
      const cidr = subnets.get(network);
      if (networks[network]?.subnet === undefined) {
        source.report(
          "E_ADDRESS",
          path,
          `container "${name}" has the fixed address ${address} on network "${network}", which declares no "subnet"; the engine takes fixed addresses only on a network with a subnet, so add one that contains ${address}`,
        );
      } else if (cidr && !contains(cidr, ip)) {
        source.report("E_ADDRESS", path, `address ${address} of container "${name}" is outside subnet ${cidr.text} of network "${network}"`);
      } else if (cidr && (ip.value === cidr.base || (cidr.family === 4 && cidr.prefix < 31 && ip.value === lastOf(cidr)))) {
        source.report(
          "E_ADDRESS",
          path,
          `address ${address} of container "${name}" is the ${ip.value === cidr.base ? "subnet's own" : "broadcast"} address of network "${network}"; give one inside ${cidr.text}`,
        );
      } else if (gateways.get(network)?.value === ip.value) {
        source.report("E_ADDRESS", path, `address ${address} of container "${name}" is the gateway of network "${network}"; give another one`);
      } else {
        const key = `${network} ${ip.value}`;
        const first = taken.get(key);
        if (first !== undefined)
          source.report(
            "E_ADDRESS",
            path,
            `address ${address} on network "${network}" is also given to container "${first}"; an address belongs to one container`,
          );
        else taken.set(key, name);
      }
    }
  }

  checkHostPorts(source, raw, containers);
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
