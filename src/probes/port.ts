import type { HostBinding } from "../runtime/runtime.js";
import { defineStep } from "../steps/step-kind.js";

interface Args {
  container: string;
  mappings: string[];
}

/** The lines `docker port` prints, e.g. `80/tcp -> 0.0.0.0:8080`. */
export function portLines(ports: Record<string, HostBinding[]>): string[] {
  return Object.entries(ports).flatMap(([port, bindings]) => bindings.map((b) => `${port} -> ${b.hostIp.includes(":") ? `[${b.hostIp}]` : b.hostIp || "0.0.0.0"}:${b.hostPort}`));
}

// `docker port` from CLI 28 also prints the [::] twin of each 0.0.0.0 mapping; both spellings are accepted.
const normal = (line: string): string => line.replace(/\s+/g, " ").trim().replace("-> [::]:", "-> 0.0.0.0:");

/** `port`, as `docker port`: the published mappings include each of `mappings`. */
export const port = defineStep<Args>({
  kind: "port",
  type: "probe",
  describe: (a, expect) => `docker port ${a.container} ${expect === "fail" ? "does not show" : "shows"} ${a.mappings.join(", ")}`,
  async run({ runtime, world }, a) {
    const info = await runtime.inspectContainer(world.container(a.container));
    const lines = portLines(info.ports);
    const have = new Set(lines.map(normal));
    const missing = a.mappings.filter((m) => !have.has(normal(m)));
    const evidence = { "docker port": lines.join("\n") || "(no published port)" };
    if (missing.length > 0) return { ok: false, message: `docker port ${a.container} does not show ${missing.join(", ")}`, evidence };
    return { ok: true, message: `docker port ${a.container} shows ${a.mappings.join(", ")}`, evidence };
  },
});
