import type { Topology } from "./topology.js";

/**
 * Graphviz dot of the topology: the same picture as the Mermaid one (networks as hexagons,
 * containers as boxes, links dashed, ports as edges from the host, reach cells as
 * blue arrows or grey tees), for `dot -Tsvg`.
 */
export function dotOf(t: Topology): string {
  const out = [
    `digraph ${q(t.scenario)} {`,
    "  rankdir=LR;",
    '  node [fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9, dir=none];',
  ];
  for (const n of t.networks) {
    const what = n.defaultBridge ? "default bridge" : n.internal ? "internal network" : "network";
    const style = n.internal
      ? ', style="filled,dashed", fillcolor="#fdf2e3"'
      : n.defaultBridge
        ? ', style=filled, fillcolor="#eeeeee"'
        : ', style=filled, fillcolor="#e8f0fe"';
    out.push(`  ${q(`net:${n.name}`)} [shape=hexagon, label=${q(`${n.name}\n${what}${n.subnet ? ` ${n.subnet}` : ""}`)}${style}];`);
  }
  if (t.host) out.push(`  "host" [shape=house, label="host", style=filled, fillcolor="#f3f3f3"];`);
  for (const c of t.containers) {
    const note = c.mode === "host" ? "network: host" : c.mode === "none" ? "network: none" : c.mode === "container" ? `network: container:${c.shares}` : "";
    out.push(
      `  ${q(`ctr:${c.name}`)} [shape=box, style="rounded${c.stopped ? ",dashed" : ""}", label=${q([c.name, note, c.stopped ? "not started" : ""].filter(Boolean).join("\n"))}];`,
    );
  }
  for (const c of t.containers) {
    const id = q(`ctr:${c.name}`);
    for (const a of c.attachments) {
      const label = [...a.aliases, ...(a.ip ? [a.ip] : [])].join(", ");
      out.push(`  ${id} -> ${q(`net:${a.network}`)}${label ? ` [label=${q(label)}]` : ""};`);
    }
    if (c.mode === "host") out.push(`  ${id} -> "host" [penwidth=3, label="host's network stack"];`);
    if (c.mode === "container") out.push(`  ${id} -> ${q(`ctr:${c.shares}`)} [style=dotted, label="shares its network"];`);
    for (const p of c.ports) out.push(`  "host" -> ${id} [dir=forward, color="#2e7d32", label=${q(p.label)}];`);
  }
  for (const l of t.links) out.push(`  ${q(`ctr:${l.from}`)} -> ${q(`ctr:${l.to}`)} [dir=forward, style=dashed, label=${q(`link: ${l.alias}`)}];`);
  // A reach matrix declares who reaches whom: an arrow per checked cell, blue where it must get through, a grey tee where not.
  const ghosts = new Set<string>();
  const nodeOf = (name: string | undefined, label: string): string => {
    if (name === "host") return '"host"';
    if (name !== undefined && t.containers.some((c) => c.name === name)) return q(`ctr:${name}`);
    if (!ghosts.has(label)) {
      ghosts.add(label);
      out.push(`  ${q(`ghost:${label}`)} [shape=box, style="rounded,dashed", label=${q(`${label}\nnot in the scenario`)}];`);
    }
    return q(`ghost:${label}`);
  };
  for (const a of t.arrows.filter((x) => x.cell)) {
    const yes = a.cell!.expected === "yes";
    const style = yes ? 'color="#1565c0"' : 'color="#757575", style=dashed, arrowhead=tee';
    out.push(
      `  ${nodeOf(a.from, a.from)} -> ${nodeOf(a.to, a.label.replace(/:\d+$/, ""))} [dir=forward, ${style}, label=${q(`${a.step + 1}: ${a.label} ${a.cell!.expected}`)}];`,
    );
  }
  out.push("}");
  return `${out.join("\n")}\n`;
}

/** A dot string: quotes and backslashes escaped, newlines as dot's centred line break. */
const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
