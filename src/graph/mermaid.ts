import type { Topology } from "./topology.js";

/**
 * A Mermaid flowchart of the topology, in the subset GitHub renders: networks are hexagons,
 * containers boxes, an attachment is a line labelled with the aliases, a link a dotted arrow,
 * a published port an arrow from the host, a reach matrix's cell a thick arrow (must reach) or a
 * crossed one (must not). Node ids are positional (n0, c0), so any scenario
 * name is safe; labels are quoted and escaped.
 */
export function mermaidOf(t: Topology): string {
  const lines = ["flowchart LR"];
  const net = new Map(t.networks.map((n, i) => [n.name, `n${i}`]));
  const box = new Map(t.containers.map((c, i) => [c.name, `c${i}`]));
  for (const n of t.networks) {
    const what = n.defaultBridge ? "default bridge" : n.internal ? "internal network" : "network";
    lines.push(`  ${net.get(n.name)}{{"${esc(n.name)}<br/>${what}${n.subnet ? ` ${esc(n.subnet)}` : ""}"}}`);
  }
  if (t.host) lines.push(`  host(["host"])`);
  for (const c of t.containers) {
    const notes = [
      c.mode === "host" ? "network: host" : c.mode === "none" ? "network: none" : c.mode === "container" ? `network: container:${c.shares}` : "",
      c.stopped ? "not started" : "",
    ].filter(Boolean);
    lines.push(`  ${box.get(c.name)}["${esc(c.name)}${notes.length ? `<br/>${esc(notes.join(", "))}` : ""}"]`);
  }
  for (const c of t.containers) {
    const id = box.get(c.name)!;
    for (const a of c.attachments) {
      const label = [...a.aliases, ...(a.ip ? [a.ip] : [])].join(", ");
      lines.push(`  ${id} ---${label ? `|"${esc(label)}"|` : ""} ${net.get(a.network)}`);
    }
    if (c.mode === "host") lines.push(`  ${id} ===|"host's network stack"| host`);
    if (c.mode === "container" && box.has(c.shares!)) lines.push(`  ${id} -.-|"shares its network"| ${box.get(c.shares!)}`);
    for (const p of c.ports) lines.push(`  host -->|"${esc(p.label)}"| ${id}`);
  }
  for (const l of t.links) if (box.has(l.to)) lines.push(`  ${box.get(l.from)} -.->|"link: ${esc(l.alias)}"| ${box.get(l.to)}`);
  // A reach matrix declares who reaches whom: an arrow per checked cell, crossed where the source must not get through.
  const ghosts = new Map<string, string>();
  const nodeOf = (name: string | undefined, label: string): string => {
    if (name === "host") return "host";
    if (name !== undefined && box.has(name)) return box.get(name)!;
    if (!ghosts.has(label)) {
      ghosts.set(label, `g${ghosts.size}`);
      lines.push(`  g${ghosts.size - 1}["${esc(label)}<br/>not in the scenario"]`);
    }
    return ghosts.get(label)!;
  };
  for (const a of t.arrows.filter((x) => x.cell)) {
    const from = nodeOf(a.from, a.from);
    const to = nodeOf(a.to, a.label.replace(/:\d+$/, ""));
    lines.push(`  ${from} ${a.cell!.expected === "yes" ? "==>" : "--x"}|"${a.step + 1}: ${esc(a.label)} ${esc(a.cell!.expected)}"| ${to}`);
  }
  const internal = t.networks.filter((n) => n.internal).map((n) => net.get(n.name));
  const bridge = t.networks.filter((n) => n.defaultBridge).map((n) => net.get(n.name));
  lines.push("  classDef network fill:#e8f0fe,stroke:#4a6fa5");
  if (t.networks.length) lines.push(`  class ${t.networks.map((n) => net.get(n.name)).join(",")} network`);
  if (internal.length) lines.push("  classDef internal fill:#fdf2e3,stroke:#b26b00,stroke-dasharray:4 3", `  class ${internal.join(",")} internal`);
  if (bridge.length) lines.push(`  style ${bridge[0]} fill:#eeeeee,stroke:#666666`);
  return `${lines.join("\n")}\n`;
}

/** Mermaid's escapes for quoted labels: `#quot;` for `"`, entities for markup. */
const esc = (s: string): string => s.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;");
