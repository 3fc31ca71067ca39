import type { Topology } from "./topology.js";

/**
 * The topology in one line, for `lab list` (docs/cli.md has the spelling): each network with
 * its members and their aliases, `bridge` for the default bridge, then the containers in the
 * host, none and container modes, the links and the published ports; groups joined by ` · `.
 *   app: db(database) web · back (internal): db · bridge: legacy · host: hostnet · none: sealed
 *   · container: side→web · links: legacy→db as database · ports: web 127.0.0.1:18080→80
 */
export function topologyLine(t: Topology): string {
  const groups = t.networks.map((n) => {
    const members = t.containers.flatMap((c) =>
      c.attachments.filter((a) => a.network === n.name).map((a) => `${c.name}${a.aliases.length ? `(${a.aliases.join(",")})` : ""}`),
    );
    return `${n.name}${n.internal ? " (internal)" : ""}: ${members.length ? members.join(" ") : "(empty)"}`;
  });
  const inMode = (mode: string): string[] => t.containers.filter((c) => c.mode === mode).map((c) => (mode === "container" ? `${c.name}→${c.shares}` : c.name));
  for (const mode of ["host", "none", "container"]) if (inMode(mode).length) groups.push(`${mode}: ${inMode(mode).join(" ")}`);
  if (t.links.length) groups.push(`links: ${t.links.map((l) => `${l.from}→${l.to}${l.alias !== l.to ? ` as ${l.alias}` : ""}`).join(" ")}`);
  const ports = t.containers.flatMap((c) => c.ports.map((p) => `${c.name} ${p.label.replace(" → ", "→")}`));
  if (ports.length) groups.push(`ports: ${ports.join(" ")}`);
  return groups.length ? groups.join(" · ") : "(no containers)";
}
