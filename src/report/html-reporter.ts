import { formatDuration } from "../scenario/duration.js";
import { page } from "../graph/html.js";
import { cellKey, svgOf, x_, type ArrowStatus } from "../graph/svg.js";
import type { Topology } from "../graph/topology.js";
import type { StepResult } from "./events.js";
import { FileReporter, type Destination } from "./file-reporter.js";
import type { RecordedScenario, RunRecord } from "./run-record.js";
import { matrixTable, MATRIX_STYLE } from "./matrix-html.js";
import { diagnosticLines, keptLines } from "./scenario-lines.js";
import { summaryLine } from "./summary-line.js";

/**
 * One self-contained HTML page for the whole run: per scenario its world as lab draws it,
 * each network probe as an arrow from -> to coloured by its step's result, and the steps
 * with evidence, hints and timings. Inline CSS, SVG and a few lines of script; nothing is
 * fetched, so the file can be mailed or kept as a CI artifact.
 */
export const htmlReporter = (to: Destination, now?: () => Date): FileReporter => new FileReporter(htmlReport, to, now);

type Ran = Extract<RecordedScenario, { timings: unknown }>;
type AnyStep = Pick<StepResult, "index" | "name" | "status" | "message"> & Partial<StepResult>;

export function htmlReport(run: RunRecord): string {
  const head =
    `<header><h1>lab run ${x_(run.runId)}</h1>` +
    `<p class="summary">${run.summary ? x_(summaryLine(run.summary)) : "the run did not finish"}</p>` +
    `<p class="when">started ${x_(run.startedAt)}${run.finishedAt ? `, finished ${x_(run.finishedAt)}` : ""}</p>` +
    `<nav>${run.scenarios.map((s, i) => `<a href="#s${i}" class="chip ${s.status}">${x_(s.name)}</a>`).join(" ")}</nav></header>`;
  const body = run.scenarios.map((s, i) => scenarioHtml(s, i, run.topologies?.[s.name])).join("\n");
  return page(`lab run ${run.runId}`, `${head}\n${LEGEND}\n${body}`, SCRIPT).replace("</style>", `${STYLE}</style>`);
}

function scenarioHtml(s: RecordedScenario, i: number, t: Topology | undefined): string {
  const ran = s.status !== "skipped" ? (s as Ran) : undefined;
  const steps = s.steps as AnyStep[];
  const arrows = new Map<number, ArrowStatus>(steps.map((st) => [st.index, st.status]));
  // A reach matrix's arrows take their own cell's result: green where the cell held, red where it did not.
  const cells = new Map<string, ArrowStatus>(
    steps.flatMap((st) =>
      (st.matrix?.rows ?? []).flatMap((r, row) => r.cells.map((c, col): [string, ArrowStatus] => [cellKey(st.index, row, col), c.ok ? "passed" : "failed"])),
    ),
  );
  const picture = t ? svgOf(t, { arrows, cells, id: `s${i}-topology` }) : `<p class="none">no topology recorded</p>`;
  const rows = steps.map((st) => stepRow(st, i, t)).join("");
  const timing = ran
    ? ` · ${x_(formatDuration(ran.timings.totalMs))} (provision ${x_(formatDuration(ran.timings.provisionMs))}, steps ${x_(formatDuration(ran.timings.stepsMs))}, teardown ${x_(formatDuration(ran.timings.teardownMs))})`
    : "";
  const error = ran?.error ? `<p class="problem"><b>${x_(ran.error.code)}</b> ${x_(ran.error.message)}</p>` : "";
  const diag = ran?.diagnostics
    ? `<details class="diagnostics"><summary>the engine's view at the failure</summary><pre>${x_(diagnosticLines(ran.diagnostics).join("\n"))}</pre></details>`
    : "";
  const kept = ran?.kept ? `<pre class="kept">${x_(keptLines(ran).join("\n"))}</pre>` : "";
  const teardown = ran?.teardown.failures.length ? `<p class="problem">teardown: ${x_(ran.teardown.failures.join("; "))}</p>` : "";
  return (
    `<section class="scenario ${s.status}" id="s${i}" data-scenario="${x_(s.name)}" data-status="${s.status}">` +
    `<h2><span class="badge ${s.status}">${s.status}</span> ${x_(s.name)}</h2>` +
    `<p class="meta"><code>${x_(s.file)}</code>${s.tags.length ? ` · ${s.tags.map((g) => `<span class="tag">${x_(g)}</span>`).join(" ")}` : ""}${timing}</p>` +
    (s.description ? `<p class="description">${x_(s.description)}</p>` : "") +
    error +
    `<div class="picture">${picture}</div>` +
    `<table class="steps"><thead><tr><th>#</th><th>result</th><th>step</th><th>what happened</th><th>time</th></tr></thead><tbody>${rows}</tbody></table>` +
    diag +
    kept +
    teardown +
    `</section>`
  );
}

function stepRow(st: AnyStep, i: number, t: Topology | undefined): string {
  const arrow = t?.arrows.find((a) => a.step === st.index);
  const evidence = Object.entries(st.evidence ?? {});
  const details = [
    st.matrix ? matrixTable(st.matrix) : "",
    // What a failed step saw is the point of the report; a passed step's evidence is one click away.
    evidence.length
      ? `<details class="evidence"${st.status === "failed" ? " open" : ""}><summary>evidence</summary><dl>${evidence.map(([k, v]) => `<dt>${x_(k)}</dt><dd><pre>${x_(v)}</pre></dd>`).join("")}</dl></details>`
      : "",
    st.hint ? `<p class="hint">hint: ${x_(st.hint)}</p>` : "",
  ].join("");
  const kind = st.kind ? `<span class="kind">${x_(st.kind)}${st.expect === "fail" ? " · expect: fail" : ""}</span>` : "";
  const where = arrow ? `<span class="path">${x_(arrow.from)} → ${x_(arrow.label)}</span>` : "";
  const time = st.durationMs !== undefined ? x_(formatDuration(st.durationMs)) : "";
  const attempts = st.attempts && st.attempts > 1 ? ` <span class="attempts">${st.attempts} tries</span>` : "";
  return (
    `<tr class="step ${st.status}" data-step="${st.index}" data-scenario-index="${i}"${arrow ? ' data-arrow="1"' : ""}>` +
    `<td>${st.index + 1}</td><td><span class="badge ${st.status}">${st.status}</span></td>` +
    `<td class="title">${x_(st.name)}<br>${kind} ${where}${st.line ? ` <span class="line">line ${st.line}</span>` : ""}</td>` +
    `<td>${st.reason ? `<span class="reason" data-reason="${x_(st.reason)}">${x_(st.reason)}</span> ` : ""}${x_(st.message)}${details}</td><td class="time">${time}${attempts}</td></tr>`
  );
}

const LEGEND =
  '<p class="legend">Each scenario shows the world it declared (networks are the lanes at the bottom, with the aliases where a container joins them; ' +
  "dashed purple arcs are links; green badges are published ports) and each resolve, tcp, http and ping step as a numbered arrow from the prober to its target: " +
  '<span class="ok">green</span> when the step passed, <span class="ko">red</span> when it failed, grey when it did not run; ' +
  "a reach matrix as one arrow per checked cell, labelled with the cell as written, green when that cell held and red when it did not. " +
  "An <i>expect: fail</i> step that passed is green: the connection was refused as it should be. Point at a row to find its arrow.</p>";

const STYLE = [
  "header nav{margin:8px 0}.chip{display:inline-block;padding:2px 10px;border-radius:10px;margin:2px;text-decoration:none;color:#fff;font-size:13px}",
  ".passed.chip,.badge.passed{background:#2e7d32}.failed.chip,.badge.failed,.error.chip,.badge.error{background:#c62828}.skipped.chip,.badge.skipped{background:#9e9e9e}",
  ".badge{color:#fff;border-radius:4px;padding:1px 6px;font-size:12px;font-weight:normal}",
  ".summary{font-size:15px;font-weight:bold}.when,.meta,.line,.kind,.attempts{color:#666;font-size:12px}.tag{background:#eee;border-radius:3px;padding:0 4px}",
  ".scenario{border-top:2px solid #ddd;margin-top:28px}.picture{overflow-x:auto;margin:12px 0}",
  "table.steps{border-collapse:collapse;width:100%;font-size:13px}.steps th,.steps td{border-bottom:1px solid #eee;padding:5px 8px;text-align:left;vertical-align:top}",
  "tr.step.failed{background:#fdecea}tr.step.hot{outline:2px solid #1565c0}.time{white-space:nowrap;color:#555}",
  ".path{font-family:monospace;font-size:12px;color:#1565c0}.hint{color:#6d4c00;background:#fff8e1;padding:3px 6px;margin:4px 0;border-radius:3px}",
  ".evidence{margin:4px 0}.evidence summary{color:#555;font-size:12px;cursor:pointer}.evidence dt{font-weight:bold;font-size:12px}.evidence dd{margin:0 0 4px 0}.evidence pre,.diagnostics pre,.kept{white-space:pre-wrap;background:#f7f7f7;padding:4px;margin:0;font-size:12px}",
  ".problem{color:#b71c1c}.ok{color:#2e7d32;font-weight:bold}.ko{color:#c62828;font-weight:bold}",
  ".arrow.hot path{stroke-width:4}.arrow.dim{opacity:.25}",
  MATRIX_STYLE,
].join("");

/** Pointing at a step row lights its arrow and dims the others; pointing at an arrow lights its row. */
const SCRIPT = `(() => {
  const light = (section, step, on) => {
    for (const a of section.querySelectorAll("g.arrow")) {
      a.classList.toggle("hot", on && a.dataset.step === step);
      a.classList.toggle("dim", on && a.dataset.step !== step);
    }
    const row = section.querySelector('tr.step[data-step="' + step + '"]');
    if (row) row.classList.toggle("hot", on);
  };
  for (const section of document.querySelectorAll("section.scenario")) {
    for (const el of section.querySelectorAll("tr.step[data-arrow], g.arrow")) {
      el.addEventListener("mouseenter", () => light(section, el.dataset.step, true));
      el.addEventListener("mouseleave", () => light(section, el.dataset.step, false));
    }
  }
})();`;
