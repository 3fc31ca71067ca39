import { isIPv4, isIPv6 } from "node:net";

/**
 * IP addresses and CIDR subnets of both families, parsed exactly (no regular expression
 * decides whether 300.1.1.0 is an address), so that every address the engine would refuse
 * is refused at validation with its position. Other world checks (networks, ports, and
 * keys such as ip_range or an IPv6 subnet) call into this file.
 */

export type Family = 4 | 6;

export interface Ip {
  family: Family;
  /** The address as a number: 32 bits for IPv4, 128 for IPv6. */
  value: bigint;
  text: string;
}

export interface Cidr {
  family: Family;
  /** The first address of the subnet. */
  base: bigint;
  prefix: number;
  text: string;
}

const BITS: Record<Family, number> = { 4: 32, 6: 128 };

/** The address, or undefined when `text` is not one IPv4 or IPv6 address (no zone, no brackets, no prefix). */
export function parseIp(text: string): Ip | undefined {
  if (text.length > 45 || text.includes("%")) return undefined;
  if (isIPv4(text)) return { family: 4, value: text.split(".").reduce((v, o) => (v << 8n) | BigInt(Number(o)), 0n), text };
  if (!isIPv6(text)) return undefined;
  // An embedded IPv4 tail (::ffff:1.2.3.4) becomes its two groups.
  let body = text;
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(body);
  if (tail) {
    const v4 = parseIp(tail[1]!)!.value;
    body = `${body.slice(0, tail.index)}${(v4 >> 16n).toString(16)}:${(v4 & 0xffffn).toString(16)}`;
  }
  const [head, rest] = body.includes("::") ? body.split("::") : [body, undefined];
  const left = head ? head.split(":") : [];
  const right = rest === undefined ? [] : rest ? rest.split(":") : [];
  const groups = rest === undefined ? left : [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return { family: 6, value: groups.reduce((v, g) => (v << 16n) | BigInt(parseInt(g, 16)), 0n), text };
}

/** A subnet as `ADDRESS/PREFIX`, or the sentence that says what is wrong with it. */
export function parseCidr(text: string, family?: Family): Cidr | { problem: string } {
  const slash = text.indexOf("/");
  const familyName = family === 4 ? "an IPv4" : family === 6 ? "an IPv6" : "an IPv4 or IPv6";
  const example = family === 6 ? "fd00:1::/64" : "172.28.0.0/16";
  if (slash < 0 || text.indexOf("/", slash + 1) >= 0)
    return { problem: `subnet "${text}" is not in CIDR form; write ${familyName} subnet as ADDRESS/PREFIX, such as ${example}` };
  const ip = parseIp(text.slice(0, slash));
  const prefixText = text.slice(slash + 1);
  if (!ip)
    return {
      problem: `subnet "${text}" does not start with a valid ${family === 6 ? "IPv6" : family === 4 ? "IPv4" : "IP"} address${family !== 6 ? " (IPv4: four numbers from 0 to 255)" : ""}; write it as ADDRESS/PREFIX, such as ${example}`,
    };
  if (family !== undefined && ip.family !== family)
    return { problem: `subnet "${text}" is IPv${ip.family}, but ${familyName} subnet is needed here, such as ${example}` };
  const bits = BITS[ip.family];
  const prefix = /^\d{1,3}$/.test(prefixText) ? Number(prefixText) : NaN;
  if (!(prefix >= 0 && prefix <= bits))
    return { problem: `subnet "${text}" has the prefix length /${prefixText}; an IPv${ip.family} prefix is a number from 0 to ${bits}` };
  const hostBits = BigInt(bits - prefix);
  const base = (ip.value >> hostBits) << hostBits;
  if (base !== ip.value) {
    const fixed = `${formatIp(base, ip.family)}/${prefix}`;
    return { problem: `subnet "${text}" has host bits set (the engine refuses it); the subnet that holds ${ip.text} is ${fixed}` };
  }
  return { family: ip.family, base, prefix, text };
}

export const isCidr = (c: Cidr | { problem: string }): c is Cidr => !("problem" in c);

/** Whether `ip` lies in `cidr` (same family, same leading bits). */
export function contains(cidr: Cidr, ip: Ip): boolean {
  if (cidr.family !== ip.family) return false;
  const hostBits = BigInt(BITS[cidr.family] - cidr.prefix);
  return ip.value >> hostBits === cidr.base >> hostBits;
}

/** Whether two subnets share an address: one then contains the other's first address. */
export const overlaps = (a: Cidr, b: Cidr): boolean =>
  a.family === b.family && (contains(a, { family: b.family, value: b.base, text: "" }) || contains(b, { family: a.family, value: a.base, text: "" }));

/** The last address of a subnet. */
export const lastOf = (c: Cidr): bigint => c.base | ((1n << BigInt(BITS[c.family] - c.prefix)) - 1n);

/** Whether an address means "every address of the host" (`0.0.0.0`, `::`), as a port's host IP. */
export const isUnspecified = (ip: Ip): boolean => ip.value === 0n;

export function formatIp(value: bigint, family: Family): string {
  if (family === 4) return [24n, 16n, 8n, 0n].map((s) => String((value >> s) & 0xffn)).join(".");
  const groups = Array.from({ length: 8 }, (_, i) => ((value >> BigInt(112 - 16 * i)) & 0xffffn).toString(16));
  // The longest run of zero groups (two or more) becomes `::`.
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  if (best.at < 0) return groups.join(":");
  return `${groups.slice(0, best.at).join(":")}::${groups.slice(best.at + best.len).join(":")}`;
}
