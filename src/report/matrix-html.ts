import { x_ } from "../graph/svg.js";
import type { MatrixResult } from "../probes/matrix-result.js";

/** A reachability matrix as an HTML grid: sources down, targets across, each cell green or red with what it saw; a wrong cell says what was expected and why in its title. */
export function matrixTable(m: MatrixResult): string {
  const head = `<tr><th>${x_(m.over)}</th>${m.targets.map((t) => `<th>${x_(t)}</th>`).join("")}</tr>`;
  const rows = m.rows
    .map((r) => {
      const cells = r.cells.map((c, i) => {
        const cls = c.expected === "." ? "unchecked" : c.ok ? "ok" : "wrong";
        const text = c.expected === "." ? "·" : c.ok ? c.seen : `${c.seen} (expected ${c.expected})`;
        return `<td class="cell ${cls}" data-source="${x_(r.source)}" data-target="${x_(m.targets[i]!)}" data-seen="${x_(c.seen)}" data-expected="${x_(c.expected)}" title="${x_(`${r.source} → ${m.targets[i]}: ${c.message}`)}">${x_(text)}</td>`;
      });
      return `<tr><th>${x_(r.source)}</th>${cells.join("")}</tr>`;
    })
    .join("");
  return `<table class="matrix">${head}${rows}</table>`;
}

export const MATRIX_STYLE =
  "table.matrix{border-collapse:collapse;margin:6px 0;font-size:12px}.matrix th,.matrix td{border:1px solid #ddd;padding:3px 8px;text-align:center}" +
  ".matrix td.ok{background:#e8f5e9;color:#1b5e20}.matrix td.wrong{background:#ffcdd2;color:#b71c1c;font-weight:bold}.matrix td.unchecked{color:#aaa}" +
  ".reason{background:#eceff1;border-radius:3px;padding:0 4px;font-family:monospace;font-size:12px}";
