import type { RawContainer } from "./raw.js";
import type { DocPath, SourceFile } from "./source-file.js";

interface Edge {
  to: string;
  path: DocPath;
  via: string;
}

/**
 * Containers that wait for each other to be created (`network_mode: container:x`, `links`)
 * must not form a cycle: the engine can create none of them first, and the plan's ordering
 * would never end. Each cycle is reported once, at the edge of its first declared container,
 * with the whole cycle spelled out. Iterative, so that thousands of containers cannot
 * overflow the stack.
 */
export function checkCycles(source: SourceFile, containers: Record<string, RawContainer>): void {
  const names = Object.keys(containers);
  const order = new Map(names.map((n, i) => [n, i]));
  const edges = new Map<string, Edge[]>();
  for (const name of names) {
    const c = containers[name]!;
    const out: Edge[] = [];
    const mode = typeof c.network_mode === "string" && c.network_mode.startsWith("container:") ? c.network_mode.slice("container:".length) : undefined;
    if (mode !== undefined && mode !== name && order.has(mode)) out.push({ to: mode, path: ["containers", name, "network_mode"], via: "network_mode" });
    (Array.isArray(c.links) ? c.links : []).forEach((link, i) => {
      const to = typeof link === "string" ? link.split(":")[0]! : undefined;
      if (to !== undefined && to !== name && order.has(to)) out.push({ to, path: ["containers", name, "links", i], via: "links" });
    });
    edges.set(name, out);
  }

  const state = new Map<string, "open" | "done">();
  const reported = new Set<string>();
  for (const root of names) {
    if (state.has(root)) continue;
    // The path from the root: each container with the index of its next edge to follow.
    const path: { name: string; next: number; edge?: Edge }[] = [{ name: root, next: 0 }];
    state.set(root, "open");
    while (path.length > 0) {
      const top = path.at(-1)!;
      const edge = edges.get(top.name)![top.next++];
      if (!edge) {
        state.set(top.name, "done");
        path.pop();
        continue;
      }
      if (state.get(edge.to) === "open") {
        const from = path.findIndex((p) => p.name === edge.to);
        const cycle = [...path.slice(from + 1).map((p) => p.edge!), edge];
        report(source, cycle, order, reported);
      } else if (!state.has(edge.to)) {
        state.set(edge.to, "open");
        path.push({ name: edge.to, next: 0, edge });
      }
    }
  }
}

function report(source: SourceFile, cycle: Edge[], order: Map<string, number>, reported: Set<string>): void {
  // cycle[i] leads from the container before it (the last edge's target is the first container).
  const from = (i: number): string => cycle[(i + cycle.length - 1) % cycle.length]!.to;
  const key = cycle
    .map((_, i) => from(i))
    .sort()
    .join("\u0000");
  if (reported.has(key)) return;
  reported.add(key);
  let start = 0;
  for (let i = 1; i < cycle.length; i++) if (order.get(from(i))! < order.get(from(start))!) start = i;
  const ordered = [...cycle.slice(start), ...cycle.slice(0, start)];
  // `"a" (network_mode) -> "b" (links) -> "a"`: each container, by the key that makes it wait for the next.
  const steps = ordered.map((e, i) => `"${from(start + i)}" (${e.via})`);
  const shown = steps.length > 8 ? [...steps.slice(0, 7), `... ${steps.length - 7} more`] : steps;
  const spelled = [...shown, `"${from(start)}"`].join(" -> ") + (steps.length > 8 ? ` (${steps.length} containers)` : "");
  source.report(
    "E_CYCLE",
    ordered[0]!.path,
    `containers wait for each other in a cycle: ${spelled}; the engine cannot create any of them first, so break the cycle`,
  );
}
