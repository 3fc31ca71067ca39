import { svgOf, x_ } from "./svg.js";
import type { Topology } from "./topology.js";

/** A self-contained page around the SVG picture: inline style only, nothing fetched. */
export function htmlOf(t: Topology): string {
  return page(`lab graph: ${t.scenario}`, `<h1>${x_(t.scenario)}</h1>\n${svgOf(t)}\n${LEGEND}`);
}

export const LEGEND =
  '<p class="legend">Networks are the lanes at the bottom; a line from a container ends on each network it joins, with its aliases. ' +
  "Dashed purple arcs are links; green badges are ports the host publishes (host address:port → container port). " +
  "A reach matrix step is drawn as an arrow per checked cell, labelled with its step number and the cell: blue when the source must reach the target, dashed grey when it must not.</p>";

/** An HTML document with lab's page style; `body` is trusted markup made by lab. */
export function page(title: string, body: string, script = ""): string {
  return (
    `<!doctype html>\n<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${x_(title)}</title><style>${PAGE_STYLE}</style></head>\n<body>\n${body}\n${script ? `<script>${script}</script>\n` : ""}</body></html>\n`
  );
}

const PAGE_STYLE = [
  "body{font-family:Helvetica,Arial,sans-serif;margin:24px;color:#222;max-width:1200px}",
  "h1{font-size:22px}h2{font-size:18px;margin-top:32px}",
  "svg.lab-topology{display:block;max-width:100%;height:auto;border:1px solid #ddd;border-radius:6px;background:#fff}",
  ".legend{color:#555;font-size:13px}",
].join("");
