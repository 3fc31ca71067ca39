import type { TopoArrow, Topology } from "./topology.js";

export type ArrowStatus = "passed" | "failed" | "skipped";
/** Without results (`lab graph`), a reach cell is drawn as what it declares: the source reaches the target, or does not. */
type Drawn = ArrowStatus | "reaches" | "blocked";
const DRAWN: Drawn[] = ["passed", "failed", "skipped", "reaches", "blocked"];

/** The key of a reach cell's result in `SvgOptions.cells`. */
export const cellKey = (step: number, row: number, col: number): string => `${step}:${row}:${col}`;

export interface SvgOptions {
  /** Draw the network probes as arrows, coloured by their step's result (the HTML report). */
  arrows?: Map<number, ArrowStatus>;
  /** A reach matrix's cells, by cellKey: each cell's arrow is coloured by its own result, not its step's. */
  cells?: Map<string, ArrowStatus>;
  /** Prefix of element ids, so that several pictures live in one page. */
  id?: string;
}

const PAD = 16;
const GUTTER = 150;
const BOX_H = 46;
const LANE_H = 26;
const LANE_GAP = 18;
const BADGE_H = 20;
const CHAR = 6.6;

/**
 * The topology drawn by lab itself, deterministically, as a bus diagram: the host on top,
 * its published ports as badges above their containers, the containers in a row in file
 * order, then the probes (report only) and the links as arcs below them, and each network
 * as a lane at the bottom. An attachment is a line from a container down to its lane,
 * which passes behind the lanes above it and ends in a dot with the aliases beside it.
 */
export function svgOf(t: Topology, o: SvgOptions = {}): string {
  const id = o.id ?? "lab";
  // With results, every probe with one; without (`lab graph`), the reach matrices, which declare who reaches whom.
  const arrows = o.arrows ? t.arrows.filter((a) => o.arrows!.has(a.step)) : t.arrows.filter((a) => a.cell);
  const statusOf = (a: TopoArrow): Drawn =>
    !o.arrows
      ? a.cell!.expected === "yes"
        ? "reaches"
        : "blocked"
      : ((a.cell && o.cells?.get(cellKey(a.step, a.cell.row, a.cell.col))) ?? o.arrows.get(a.step)!);
  const ghosts = [...new Set(arrows.filter((a) => a.to === undefined).map((a) => a.label))];
  const names = [...t.containers.map((c) => c.name), ...ghosts.map((g) => `?${g}`)];
  const widthOf = (i: number): number => {
    const c = t.containers[i];
    const label = c ? Math.max(c.name.length, noteOf(c).length, ...c.ports.map((p) => p.label.length + 2)) : ghosts[i - t.containers.length]!.length + 4;
    return Math.max(120, Math.ceil(label * CHAR) + 24);
  };
  const xs: number[] = [];
  let x = PAD + GUTTER;
  names.forEach((_, i) => {
    xs.push(x);
    x += widthOf(i) + 24;
  });
  const width = Math.max(x - 24 + PAD, 420);
  const col = new Map(names.map((n, i) => [n, { x: xs[i]!, w: widthOf(i), cx: xs[i]! + widthOf(i) / 2 }]));

  const hostY = PAD;
  const maxPorts = Math.max(0, ...t.containers.map((c) => c.ports.length));
  const badgesY = hostY + LANE_H + 18;
  const boxY = t.host ? badgesY + maxPorts * (BADGE_H + 4) + 14 : PAD;
  const boxB = boxY + BOX_H;
  const shared = t.containers.filter((c) => c.mode === "container" && c.shares);
  const bends = [
    ...t.links.map((l) => ({ from: l.from, to: l.to, label: `link: ${l.alias}`, cls: "link" })),
    ...shared.map((c) => ({ from: c.name, to: c.shares!, label: "shares its network", cls: "shares" })),
  ];
  const arrowsH = arrows.length ? 30 + 18 * Math.min(arrows.length, 8) : 0;
  const bendsY = boxB + arrowsH;
  const bendsH = bends.length ? 34 + 14 * bends.length : 0;
  const lanesY = bendsY + bendsH + 22;
  const laneY = new Map(t.networks.map((n, i) => [n.name, lanesY + i * (LANE_H + LANE_GAP)]));
  const height = lanesY + t.networks.length * (LANE_H + LANE_GAP) + PAD;

  const back: string[] = [];
  const front: string[] = [];
  if (t.host) {
    front.push(
      `<g class="host"><rect x="${PAD}" y="${hostY}" width="${width - 2 * PAD}" height="${LANE_H}" rx="4"/><text x="${PAD + 8}" y="${hostY + 17}">host</text></g>`,
    );
  }
  for (const c of t.containers) {
    const k = col.get(c.name)!;
    c.ports.forEach((p, i) => {
      const y = badgesY + (maxPorts - 1 - i) * (BADGE_H + 4);
      back.push(`<line class="port-line" x1="${k.cx}" y1="${hostY + LANE_H}" x2="${k.cx}" y2="${boxY}"/>`);
      front.push(
        `<g class="port" data-container="${x_(c.name)}"><rect x="${k.cx - (p.label.length * CHAR + 14) / 2}" y="${y}" width="${p.label.length * CHAR + 14}" height="${BADGE_H}" rx="10"/><text x="${k.cx}" y="${y + 14}" text-anchor="middle">${x_(p.label)}</text></g>`,
      );
    });
    if (c.mode === "host") back.push(`<line class="hostmode" x1="${k.cx - 20}" y1="${hostY + LANE_H}" x2="${k.cx - 20}" y2="${boxY}"/>`);
    const note = noteOf(c);
    front.push(
      `<g class="container${c.stopped ? " stopped" : ""}" data-name="${x_(c.name)}" data-mode="${c.mode}"><rect x="${k.x}" y="${boxY}" width="${k.w}" height="${BOX_H}" rx="6"/>` +
        `<text class="name" x="${k.cx}" y="${boxY + (note ? 19 : 28)}" text-anchor="middle">${x_(c.name)}</text>` +
        (note ? `<text class="note" x="${k.cx}" y="${boxY + 35}" text-anchor="middle">${x_(note)}</text>` : "") +
        `</g>`,
    );
    c.attachments.forEach((a, j) => {
      const ly = laneY.get(a.network);
      if (ly === undefined) return;
      const ax = k.cx + (j - (c.attachments.length - 1) / 2) * 14;
      const label = [...a.aliases, ...(a.ip ? [a.ip] : [])].join(", ");
      back.push(`<line class="attach" x1="${ax}" y1="${boxB}" x2="${ax}" y2="${ly}"/>`);
      front.push(
        `<g class="attachment" data-container="${x_(c.name)}" data-network="${x_(a.network)}"><circle cx="${ax}" cy="${ly}" r="4"/>${label ? `<text class="alias" x="${ax + 6}" y="${ly - 5}">${x_(label)}</text>` : ""}</g>`,
      );
    });
  }
  ghosts.forEach((g) => {
    const k = col.get(`?${g}`)!;
    front.push(
      `<g class="ghost"><rect x="${k.x}" y="${boxY}" width="${k.w}" height="${BOX_H}" rx="6"/><text class="name" x="${k.cx}" y="${boxY + 19}" text-anchor="middle">${x_(g)}</text><text class="note" x="${k.cx}" y="${boxY + 35}" text-anchor="middle">not in the scenario</text></g>`,
    );
  });
  bends.forEach((b, i) => {
    const a = col.get(b.from);
    const z = col.get(b.to);
    if (!a || !z) return;
    const depth = bendsY + 30 + 14 * i;
    back.push(
      `<g class="${b.cls}" data-from="${x_(b.from)}" data-to="${x_(b.to)}"><path d="M${a.cx + 8} ${boxB} C${a.cx + 8} ${depth} ${z.cx - 8} ${depth} ${z.cx - 8} ${boxB}" marker-end="url(#${id}-open)"/><text x="${(a.cx + z.cx) / 2}" y="${apex(boxB, depth) + 11}" text-anchor="middle">${x_(b.label)}</text></g>`,
    );
  });
  arrows.forEach((a, i) => front.push(arrowSvg(a, i, statusOf(a), col, { hostB: hostY + LANE_H, boxY, boxB, id })));
  const lanes = t.networks.map((n) => {
    const y = laneY.get(n.name)!;
    const what = n.defaultBridge ? "default bridge" : n.internal ? "internal" : (n.subnet ?? "");
    return `<g class="network${n.internal ? " internal" : ""}${n.defaultBridge ? " default-bridge" : ""}" data-name="${x_(n.name)}"><rect x="${PAD}" y="${y}" width="${width - 2 * PAD}" height="${LANE_H}" rx="4"/><text x="${PAD + 8}" y="${y + 17}"><tspan class="name">${x_(n.name)}</tspan>${what ? `<tspan class="note" dx="6">${x_(what)}</tspan>` : ""}</text></g>`;
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="lab-topology" id="${x_(id)}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="Helvetica, Arial, sans-serif" font-size="11">` +
    `<title>${x_(t.scenario)}</title>` +
    `<defs><marker id="${x_(id)}-open" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L10 5 L0 10" fill="none" stroke="#7b5ea7"/></marker>` +
    DRAWN.map(
      (s) =>
        `<marker id="${x_(id)}-${s}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path class="head-${s}" d="M0 0 L10 5 L0 10 z"/></marker>`,
    ).join("") +
    `</defs><style>${STYLE}</style>` +
    back.join("") +
    lanes.join("") +
    front.join("") +
    `</svg>`
  );
}

function arrowSvg(
  a: TopoArrow,
  i: number,
  status: Drawn,
  col: Map<string, { x: number; w: number; cx: number }>,
  y: { hostB: number; boxY: number; boxB: number; id: string },
): string {
  const from = a.from === "host" ? undefined : col.get(a.from);
  const to = a.to === undefined ? col.get(`?${a.label}`) : a.to === "host" ? undefined : col.get(a.to);
  const shift = ((i % 5) - 2) * 6;
  let d: string;
  let tx: number;
  let ty: number;
  if (!from && !to) {
    d = `M${PAD + GUTTER / 2} ${y.hostB} L${PAD + GUTTER / 2 + 40} ${y.hostB + 30}`;
    [tx, ty] = [PAD + GUTTER / 2 + 40, y.hostB + 40];
  } else if (!from) {
    d = `M${to!.cx + shift} ${y.hostB} L${to!.cx + shift} ${y.boxY}`;
    [tx, ty] = [to!.cx + shift + 4, (y.hostB + y.boxY) / 2];
  } else if (!to) {
    d = `M${from.cx + shift} ${y.boxY} L${from.cx + shift} ${y.hostB}`;
    [tx, ty] = [from.cx + shift + 4, (y.hostB + y.boxY) / 2];
  } else if (from === to) {
    const r = from.x + from.w;
    d = `M${r} ${y.boxY + 14} C${r + 22} ${y.boxY + 4} ${r + 22} ${y.boxB - 4} ${r} ${y.boxB - 14}`;
    [tx, ty] = [r + 16, y.boxY + BOX_H / 2 + 4];
  } else {
    const depth = y.boxB + 26 + 18 * (i % 8);
    d = `M${from.cx + shift} ${y.boxB} C${from.cx + shift} ${depth} ${to.cx - shift} ${depth} ${to.cx - shift} ${y.boxB}`;
    [tx, ty] = [(from.cx + to.cx) / 2, apex(y.boxB, depth) - 3];
  }
  return (
    `<g class="arrow ${status}" data-step="${a.step}" data-kind="${x_(a.kind)}" data-from="${x_(a.from)}" data-to="${x_(a.to ?? a.label)}"` +
    (a.cell ? ` data-cell="${a.cell.row}:${a.cell.col}" data-expected="${x_(a.cell.expected)}"` : "") +
    `><title>step ${a.step + 1}: ${x_(a.kind)} ${x_(a.from)} → ${x_(a.label)}${a.cell ? `, expected ${x_(a.cell.expected)}` : ""} (${status})</title>` +
    `<path d="${d}" marker-end="url(#${x_(y.id)}-${status})"/><text x="${tx}" y="${ty}" text-anchor="middle">${a.step + 1}${a.cell ? ` ${x_(a.cell.expected)}` : ""}</text></g>`
  );
}

/** The lowest point of a cubic from y0 with both control points at depth: three quarters of the way. */
const apex = (y0: number, depth: number): number => y0 + 0.75 * (depth - y0);

const noteOf = (c: Topology["containers"][number]): string =>
  [
    c.mode === "host" ? "network: host" : c.mode === "none" ? "network: none" : c.mode === "container" ? `network: container:${c.shares}` : "",
    c.stopped ? "not started" : "",
  ]
    .filter(Boolean)
    .join(", ");

/** Text and attribute values of SVG/HTML: markup escaped. */
export const x_ = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE = [
  ".host rect{fill:#f3f3f3;stroke:#888}",
  ".port rect{fill:#e6f4ea;stroke:#2e7d32}.port text{fill:#1b5e20}.port-line{stroke:#2e7d32;stroke-dasharray:2 2}",
  ".hostmode{stroke:#555;stroke-width:4}",
  ".container rect{fill:#fff;stroke:#333;stroke-width:1.4}.container.stopped rect{stroke-dasharray:5 3;fill:#fafafa}",
  ".ghost rect{fill:#fff;stroke:#999;stroke-dasharray:3 3}.ghost text{fill:#777}",
  ".name{font-weight:bold}.note{fill:#666;font-size:10px}",
  ".network rect{fill:#e8f0fe;stroke:#4a6fa5}.network.internal rect{fill:#fdf2e3;stroke:#b26b00;stroke-dasharray:5 3}.network.default-bridge rect{fill:#eee;stroke:#666}",
  ".attach{stroke:#4a6fa5;stroke-width:1.5}.attachment circle{fill:#4a6fa5}.alias{fill:#333;font-size:10px;font-style:italic}",
  ".link path,.shares path{fill:none;stroke:#7b5ea7;stroke-dasharray:6 4}.shares path{stroke-dasharray:2 3}.link text,.shares text{fill:#7b5ea7;font-size:10px}",
  ".arrow path{fill:none;stroke-width:2}.arrow text{font-size:10px;font-weight:bold}",
  ".arrow.passed path{stroke:#2e7d32}.arrow.passed text,.head-passed{fill:#2e7d32}",
  ".arrow.failed path{stroke:#c62828}.arrow.failed text,.head-failed{fill:#c62828}",
  ".arrow.skipped path{stroke:#9e9e9e;stroke-dasharray:3 3}.arrow.skipped text,.head-skipped{fill:#9e9e9e}",
  ".arrow.reaches path{stroke:#1565c0}.arrow.reaches text,.head-reaches{fill:#1565c0}",
  ".arrow.blocked path{stroke:#757575;stroke-dasharray:5 3}.arrow.blocked text,.head-blocked{fill:#757575}",
].join("");
