import { Type } from "@sinclair/typebox";
import { mapBounded } from "../map-bounded.js";
import { NameMap, Pattern, ref } from "../scenario/schema-builders.js";
import { PortNumber } from "../scenario/schema-defs.js";
import { Target } from "../steps/step-args.js";
import { defineStep, type Outcome, type StepContext } from "../steps/step-kind.js";
import {
  cellHolds,
  matrixGrid,
  MATRIX_CELLS,
  rowCells,
  wrongCells,
  type MatrixCell,
  type MatrixCellResult,
  type MatrixResult,
  type MatrixSeen,
} from "./matrix-result.js";
import { ping } from "./ping.js";
import { checkTarget, targetName, type Target as TargetArg } from "./target.js";
import { tcp } from "./tcp.js";

/** Pairs probed at once: each is an exec in a probe container; more only queue at the engine. */
const PAIRS_AT_ONCE = 6;
/** A cell that connects where it should not is looked at again, as a `fail` tcp step is (run-step.ts). */
const CONFIRMATIONS = 2;
const CONFIRM_PAUSE_MS = 100;

const CELL = `(${MATRIX_CELLS.map((c) => c.replace(".", "\\.")).join("|")})`;
const ROW = `^\\s*${CELL}(\\s+${CELL})*\\s*$`;

/**
 * `reach`: who reaches whom, as a table. `to:` is the header row of targets, `from:` one row
 * string per source, one cell per target. A row is a string and not a YAML list because
 * it then reads as the table it is (a flow list cannot hold `-`, and a map of maps would
 * repeat every target name in every row).
 */
export const reach = defineStep({
  kind: "reach",
  args: Type.Object(
    {
      to: Type.Array(ref(Target), {
        minItems: 1,
        description:
          "Required. The targets, the header row of the matrix: names or IP addresses, or `{ ip_of: <container> }`, e.g. `[web, db, { ip_of: cache }]`.",
      }),
      from: NameMap(
        "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$",
        Pattern(
          ROW,
          "write one cell per target, separated by spaces: yes, no, . (not checked), or the reason it must fail: nxdomain, refused, timeout, unreachable",
          {
            description:
              "The row of this source container: one cell per target of `to:`, separated by spaces. `yes`: it connects; `no`: it does not; `.`: not checked; `nxdomain`, `refused`, `timeout` or `unreachable`: it does not, for that reason. E.g. `yes  no  .  timeout`.",
          },
        ),
        {
          description: "Required. One row per source container: its name, then one cell per target of `to:`, e.g. `web: yes  refused  timeout`.",
          propertyNames: { pattern: "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$" },
          minProperties: 1,
        },
      ),
      port: Type.Optional(
        ref(PortNumber, { description: "Over TCP: a connection to this port of each target opens, e.g. `80`. Give `port` or `ping: true`." }),
      ),
      ping: Type.Optional(Type.Literal(true, { description: "Over ICMP: each target answers an echo (ping). Give `port` or `ping: true`." })),
    },
    {
      description:
        "Probe: a reachability matrix. Every source (`from:`) tries every target (`to:`) over TCP to `port` or by `ping`, side by side; every cell must be as written. E.g. `{ port: 80, to: [web, db], from: { web: yes yes, db: timeout yes } }`.",
      additionalProperties: false,
    },
  ),
  check(a, c) {
    const over = (a.port !== undefined ? 1 : 0) + (a.ping === true ? 1 : 0);
    if (over !== 1)
      c.report(
        "E_REACH_OVER",
        [],
        over === 0 ? "a reach matrix needs `port: <number>` (TCP) or `ping: true`" : "a reach matrix goes over TCP (`port`) or ping (`ping: true`), not both",
        { key: true },
      );
    const targets = Array.isArray(a.to) ? a.to : [];
    targets.forEach((t, i) => checkTarget(["to", i], t, c));
    if (a.from === null || typeof a.from !== "object") return;
    for (const [source, row] of Object.entries(a.from)) {
      c.container(["from", source], source, "source");
      if (typeof row !== "string") continue;
      const n = rowCells(row).length;
      if (targets.length > 0 && n !== targets.length)
        c.report(
          "E_REACH_ROW",
          ["from", source],
          `the row of ${source} has ${n} cell${n === 1 ? "" : "s"}, but \`to:\` has ${targets.length} targets (${targets.map(targetName).join(", ")})`,
        );
    }
  },
  type: "probe",
  network: true,
  describe: (a) => `reachability ${Object.keys(a.from).length}×${a.to.length} over ${over(a)}`,
  namespace: (a) => Object.keys(a.from)[0],
  async run(ctx, a) {
    const targets = a.to.map(targetName);
    const pairs = Object.entries(a.from).flatMap(([source, row]) =>
      rowCells(row).map((cell, t) => ({ source, target: a.to[t]!, expected: cell as MatrixCell })),
    );
    const cells = await mapBounded(pairs, PAIRS_AT_ONCE, (p) => probeCell(ctx, a, p.source, p.target, p.expected));
    const matrix: MatrixResult = {
      over: over(a),
      targets,
      rows: Object.keys(a.from).map((source, r) => ({ source, cells: cells.slice(r * targets.length, (r + 1) * targets.length) })),
    };
    const wrong = wrongCells(matrix);
    const evidence: Record<string, string> = { matrix: matrixGrid(matrix), ...(wrong.length > 0 ? { "wrong cells": wrong.join("\n") } : {}) };
    const checked = cells.filter((c) => c.expected !== ".").length;
    if (wrong.length === 0) return { ok: true, message: `all ${checked} checked cells are as expected`, evidence, matrix };
    // The step's reason is the first wrong cell's: a cell that connected where it should not has none of the network's.
    const first = cells.find((c) => !c.ok)!;
    const reason = first.seen === "yes" || first.seen === "." ? "mismatch" : first.seen === "no" ? undefined : first.seen;
    return {
      ok: false,
      reason,
      message: `${wrong.length} of ${checked} cells are not as expected: ${wrong[0]}${wrong.length > 1 ? ` (and ${wrong.length - 1} more)` : ""}`,
      evidence,
      matrix,
    };
  },
});

const over = (a: { port?: number }): string => (a.port !== undefined ? `tcp ${a.port}` : "ping");

async function probeCell(ctx: StepContext, a: { port?: number }, from: string, target: TargetArg, expected: MatrixCell): Promise<MatrixCellResult> {
  if (expected === ".") return { expected, seen: ".", ok: true, message: "not checked" };
  const look = async (): Promise<Outcome> => {
    try {
      return a.port !== undefined ? await tcp.run(ctx, { from, host: target, port: a.port }) : await ping.run(ctx, { from, host: target });
    } catch (error) {
      if (ctx.signal.aborted) throw error;
      return { ok: false, reason: "no-probe", message: ctx.world.inScenarioTerms?.((error as Error).message) ?? (error as Error).message };
    }
  };
  let outcome = await look();
  // A connection where none should be may be the moment the engine rewrites its rules: it must hold.
  for (let i = 0; outcome.ok && expected !== "yes" && i < CONFIRMATIONS; i++) {
    ctx.signal.throwIfAborted();
    await new Promise((r) => setTimeout(r, CONFIRM_PAUSE_MS));
    const again = await look();
    if (!again.ok && again.reason !== "no-probe") outcome = again;
  }
  const seen: MatrixSeen = outcome.ok ? "yes" : (outcome.reason ?? "no");
  const said = outcome.evidence?.output?.trim().split("\n").at(-1);
  const detail = said && !outcome.message.includes(said) ? `${outcome.message} (${said})` : outcome.message;
  return { expected, seen, ok: cellHolds(expected, seen), message: detail };
}
