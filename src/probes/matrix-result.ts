import type { FailureReason } from "./failure-reason.js";

/**
 * A cell as written: `yes` (it connects), `no` (it does not, for any reason but `no-probe`),
 * `.` (not checked), or the reason it must fail for.
 */
export const MATRIX_CELLS = ["yes", "no", ".", "nxdomain", "refused", "timeout", "unreachable"] as const;
export type MatrixCell = (typeof MATRIX_CELLS)[number];

/** What a cell saw: `yes`, the reason it did not connect, or `.` when not checked. */
export type MatrixSeen = "yes" | "." | FailureReason | "no";

export interface MatrixCellResult {
  expected: MatrixCell;
  seen: MatrixSeen;
  ok: boolean;
  /** The probe's own sentence (and the tool's words): why it happened. */
  message: string;
}

/** A reachability matrix's outcome: one row per source, one cell per target, in the written order. */
export interface MatrixResult {
  /** `tcp 5432` or `ping`. */
  over: string;
  targets: string[];
  rows: { source: string; cells: MatrixCellResult[] }[];
}

/** Whether what was seen is what the cell asked for. `no-probe` matches nothing: a probe that did not run saw nothing. */
export function cellHolds(expected: MatrixCell, seen: MatrixSeen): boolean {
  if (expected === ".") return true;
  if (expected === "yes") return seen === "yes";
  if (seen === "yes" || seen === "no-probe" || seen === ".") return false;
  return expected === "no" || expected === seen;
}

/** The cells of a row string: words separated by spaces, e.g. `yes  no  .  timeout`. */
export const rowCells = (row: string): string[] => row.trim().split(/\s+/).filter(Boolean);

/**
 * The grid as text, aligned, a wrong cell marked `expected→seen ✗`: the evidence of a
 * matrix step in plain, JSON and JUnit reports.
 */
export function matrixGrid(m: MatrixResult): string {
  const shown = (c: MatrixCellResult): string => (c.ok ? (c.expected === "." ? "." : c.seen) : `${c.expected}→${c.seen} ✗`);
  const table = [["", ...m.targets], ...m.rows.map((r) => [r.source, ...r.cells.map(shown)])];
  const widths = table[0]!.map((_, i) => Math.max(...table.map((row) => row[i]!.length)));
  return table
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]!))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** Each wrong cell in one line: the pair, what was expected, what happened and why. */
export const wrongCells = (m: MatrixResult): string[] =>
  m.rows.flatMap((r) =>
    r.cells
      .map((c, i) => ({ c, target: m.targets[i]! }))
      .filter(({ c }) => !c.ok)
      .map(({ c, target }) => `${r.source} → ${target}: expected ${c.expected}, happened ${c.seen}: ${c.message}`),
  );
