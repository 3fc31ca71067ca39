import type { RunEvent, ScenarioResult, StepResult } from "./events.js";

/** The longest line of evidence, a message or a diagnostic a report shows: its start and end, 968 characters each, around a note. */
export const EVIDENCE_LINE_CHARS = 2000;
/** The most of one evidence value (or message, or diagnostic) a report holds: its last 16 Ki characters of lines. */
export const EVIDENCE_TEXT_CHARS = 16 * 1024;

/**
 * A text as reports show it: a line longer than `EVIDENCE_LINE_CHARS` keeps its start and
 * its end around `… (N characters cut) …`; a text longer than `EVIDENCE_TEXT_CHARS` keeps its
 * last lines under `… (N characters cut)`. A 20 MB line then costs a terminal, a JSON or
 * JUnit file a few KiB. Already cut text stays as it is, so cutting twice is harmless.
 */
export function cutText(text: string): string {
  if (text.length <= EVIDENCE_LINE_CHARS) return text;
  const lines = text.split("\n").map(cutLine);
  let total = lines.reduce((n, l) => n + l.length + 1, -1);
  if (total <= EVIDENCE_TEXT_CHARS) return lines.join("\n");
  let dropped = 0;
  let first = 0;
  // Room for the note itself: a cut text is within the limit, and cutting it again changes nothing.
  while (first < lines.length - 1 && total > EVIDENCE_TEXT_CHARS - NOTE_ROOM) {
    dropped += lines[first]!.length + 1;
    total -= lines[first]!.length + 1;
    first++;
  }
  return [`… (${dropped.toLocaleString("en-US")} characters cut)`, ...lines.slice(first)].join("\n");
}

function cutLine(line: string): string {
  if (line.length <= EVIDENCE_LINE_CHARS) return line;
  const half = (EVIDENCE_LINE_CHARS - NOTE_ROOM) / 2;
  // Never split a surrogate pair: a lone half is not text.
  const head = isHigh(line.charCodeAt(half - 1)) ? half - 1 : half;
  const tailStart = isLow(line.charCodeAt(line.length - half)) ? line.length - half + 1 : line.length - half;
  return `${line.slice(0, head)} … (${(tailStart - head).toLocaleString("en-US")} characters cut) … ${line.slice(tailStart)}`;
}

/** More than the longest note, ` … (9,007,199,254,740,991 characters cut) … `. */
const NOTE_ROOM = 64;

const isHigh = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

export const cutEvidence = (evidence: Record<string, string>): Record<string, string> =>
  Object.fromEntries(Object.entries(evidence).map(([k, v]) => [cutText(k), cutText(v)]));

export const cutStep = (r: StepResult): StepResult => ({
  ...r,
  message: cutText(r.message),
  evidence: cutEvidence(r.evidence),
  ...(r.hint !== undefined ? { hint: cutText(r.hint) } : {}),
});

export const cutScenario = (r: ScenarioResult): ScenarioResult => ({
  ...r,
  ...(r.error ? { error: { ...r.error, message: cutText(r.error.message) } } : {}),
  steps: r.steps.map(cutStep),
  ...(r.diagnostics ? { diagnostics: cutEvidence(r.diagnostics) } : {}),
});

/** Every event as reporters receive it: whatever text came from containers or the engine is cut to size. */
export function cutEvent(event: RunEvent): RunEvent {
  switch (event.type) {
    case "step-end":
      return { ...event, result: cutStep(event.result) };
    case "scenario-end":
      return { ...event, result: cutScenario(event.result) };
    case "run-end":
      return { ...event, results: event.results.map(cutScenario) };
    case "step-retry":
    case "notice":
      return { ...event, message: cutText(event.message) };
    default:
      return event;
  }
}
