import type { PortSpec } from "./types.js";

const PORT = /^(?:(\d{1,3}(?:\.\d{1,3}){3}|\[[0-9a-fA-F:]+\]):)?(?:(\d{1,5}):)?(\d{1,5})(?:\/(tcp|udp))?$/;

/** `"127.0.0.1:8080:80/udp"`, `"8080:80"`, `"80"` -> PortSpec; undefined when malformed. */
export function parsePort(text: string): PortSpec | undefined {
  const m = PORT.exec(text);
  if (!m) return undefined;
  const container = Number(m[3]);
  const host = m[2] === undefined ? undefined : Number(m[2]);
  if (!validPort(container) || (host !== undefined && !validPort(host))) return undefined;
  return {
    container,
    host,
    protocol: (m[4] as "tcp" | "udp" | undefined) ?? "tcp",
    hostIp: m[1]?.replace(/^\[|\]$/g, ""),
  };
}

const validPort = (n: number): boolean => Number.isInteger(n) && n >= 1 && n <= 65535;
