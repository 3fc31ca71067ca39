import { dotOf } from "./dot.js";
import { htmlOf } from "./html.js";
import { mermaidOf } from "./mermaid.js";
import { svgOf } from "./svg.js";
import type { Topology } from "./topology.js";

/** Every picture format of `lab graph`, one line each. */
export const GRAPH_FORMATS = {
  mermaid: mermaidOf,
  dot: dotOf,
  svg: (t: Topology): string => `${svgOf(t)}\n`,
  html: htmlOf,
} as const satisfies Record<string, (t: Topology) => string>;

export type GraphFormat = keyof typeof GRAPH_FORMATS;
