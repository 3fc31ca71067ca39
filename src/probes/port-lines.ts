import type { HostBinding } from "../runtime/runtime.js";

/** The lines `docker port` prints, e.g. `80/tcp -> 0.0.0.0:8080`. */
export function portLines(ports: Record<string, HostBinding[]>): string[] {
  return Object.entries(ports).flatMap(([port, bindings]) =>
    bindings.map((b) => `${port} -> ${b.hostIp.includes(":") ? `[${b.hostIp}]` : b.hostIp || "0.0.0.0"}:${b.hostPort}`),
  );
}

// `docker port` from CLI 28 also prints the [::] twin of each 0.0.0.0 mapping; both spellings are accepted.
const normal = (line: string): string => line.replace(/\s+/g, " ").trim().replace("-> [::]:", "-> 0.0.0.0:");

/** Whether two `docker port` lines say the same mapping (spacing and the `[::]` twin aside). */
export const samePortLine = (a: string, b: string): boolean => normal(a) === normal(b);
