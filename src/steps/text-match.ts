import { setFlagsFromString } from "node:v8";

// Bounded matching of the authors' patterns: V8 runs a regular expression with its usual
// backtracking engine, and moves it to its linear-time engine once it backtracks too much
// (`^(a+)+$` on "aaaa…!" then takes milliseconds, not centuries). The second flag enables
// the `l` flag, with which validation asks whether the linear engine can run a pattern at
// all: one it cannot (backreferences, lookarounds) could still backtrack for ever, so it is
// refused. Both flags take effect for expressions compiled after this module is loaded.
setFlagsFromString("--enable-experimental-regexp-engine-on-excessive-backtracks");
setFlagsFromString("--enable-experimental-regexp-engine");

/** `{ contains | matches | equals }` on a text, as `exec`, `logs` and `http` use it. */
export interface TextMatcher {
  contains?: string;
  matches?: string;
  equals?: string;
}

/** Flags every pattern runs with: `^` and `$` match at line boundaries. */
const DEFAULT_FLAGS = "m";

/** A pattern as an author wrote it, ready to run; `ignoreCase` from a leading `(?i)`. */
interface Pattern {
  regex: RegExp;
  ignoreCase: boolean;
}

const INLINE = /^\(\?([a-zA-Z]+)\)/;

/**
 * Parses lab's dialect: JavaScript syntax, optionally opened by inline flags `(?i)`, `(?m)`,
 * `(?s)` or a combination (`(?ms)`), as Go, PCRE and Python authors write them. Case is
 * ignored by lowering the text and the pattern's letters (not its escapes, so `\D`, `\S`,
 * `\W`, `\B` keep their sense): V8's linear engine has no case-insensitive mode.
 */
function parse(source: string): { pattern?: Pattern; problem?: string } {
  let body = source;
  let flags = DEFAULT_FLAGS;
  let ignoreCase = false;
  const inline = INLINE.exec(source);
  if (inline) {
    const unknown = [...inline[1]!].filter((f) => !"ims".includes(f));
    if (unknown.length)
      return {
        problem: `the inline flag${unknown.length > 1 ? "s" : ""} ${unknown.join("")} in "${inline[0]}" ${unknown.length > 1 ? "are" : "is"} not supported; lab accepts (?i), (?m) and (?s) at the start of a pattern`,
      };
    ignoreCase = inline[1]!.includes("i");
    if (inline[1]!.includes("s")) flags += "s";
    body = source.slice(inline[0].length);
  }
  if (/\(\?[a-zA-Z]+\)/.test(body.replace(/\\./g, ""))) return { problem: "inline flags such as (?i) are supported only at the very start of a pattern" };
  if (ignoreCase) body = lowerLetters(body);
  try {
    new RegExp(body, flags);
  } catch (e) {
    return { problem: (e as Error).message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, "") };
  }
  try {
    new RegExp(body, `${flags}l`);
  } catch {
    return { problem: `it uses ${unbounded(body)}, which cannot be matched in bounded time; lab runs patterns without backreferences and lookarounds` };
  }
  return { pattern: { regex: new RegExp(body, flags), ignoreCase } };
}

/** Why the linear engine refused a valid pattern, named as the construct an author wrote. */
function unbounded(body: string): string {
  const plain = body.replace(/\\[^1-9k]/g, "");
  const backref = /\\[1-9]\d*|\\k<[^>]*>/.exec(plain);
  if (backref) return `a backreference (${backref[0]})`;
  const around = /\(\?<?[=!]/.exec(plain);
  if (around) return `a ${around[0].includes("<") ? "lookbehind" : "lookahead"} (${around[0]}…)`;
  return "a construct";
}

/** Letters outside escapes to lower case: `[A-Z]` becomes `[a-z]`, `\S` stays. */
function lowerLetters(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    if (body[i] === "\\") {
      out += body.slice(i, i + 2);
      i++;
    } else out += body[i]!.toLowerCase();
  }
  return out;
}

/** Undefined when `source` is a pattern lab can run; else why not, for a validation error. */
export const patternProblem = (source: string): string | undefined => parse(source).problem;

/** Whether the text matches the pattern (in lab's dialect, validated at load). */
export function matchesPattern(text: string, source: string): boolean {
  const { pattern, problem } = parse(source);
  if (!pattern) throw new Error(`pattern ${JSON.stringify(source)} reached a match unvalidated: ${problem}`);
  return pattern.regex.test(pattern.ignoreCase ? text.toLowerCase() : text);
}

/** `/…/` in `error:` is a pattern; anything else is text. */
export const isRegex = (text: string): boolean => text.length > 2 && text.startsWith("/") && text.endsWith("/");

/**
 * Undefined when the text matches; otherwise what was expected, for the message. Every key
 * given must hold. `contains` is a case-sensitive substring, `equals` the whole text with
 * trailing white space ignored on both sides, `matches` a pattern.
 */
export function mismatch(output: string | SeenOutput, m: TextMatcher): string | undefined {
  const { text, found, cut } = typeof output === "string" ? { text: output, found: undefined, cut: 0 } : output;
  if (m.contains !== undefined && !(found ? found.includes(m.contains) : text.includes(m.contains))) return `to contain ${JSON.stringify(m.contains)}`;
  if (m.matches !== undefined && !matchesPattern(text, m.matches)) return `to match /${m.matches}/${cut ? " (in the kept tail)" : ""}`;
  // A cut output is longer than any text a scenario can hold: it cannot equal one.
  if (m.equals !== undefined && (cut || text.trimEnd() !== m.equals.trimEnd()))
    return `to equal ${JSON.stringify(m.equals)}${cut ? ` (it is ${cut.toLocaleString("en-US")} bytes longer than the tail lab keeps)` : ""}`;
  return undefined;
}

/**
 * What a matcher sees of a container's output read by the bounded collector
 * (runtime/output-tail.ts): the kept tail for `matches` and `equals`, and the `contains`
 * needles found in the whole stream. Without `found`, `contains` looks in `text`.
 */
export interface SeenOutput {
  text: string;
  found?: string[];
  cut?: number;
}

/**
 * `error:` of an expect-fail step: `/pattern/`, or text that the failure contains ignoring
 * case (engine and tool messages vary in capitals between versions).
 */
export function matchesError(expected: string | undefined, actual: string): boolean {
  if (expected === undefined) return true;
  if (isRegex(expected)) return matchesPattern(actual, expected.slice(1, -1));
  return actual.toLowerCase().includes(expected.toLowerCase());
}

/** The needles of the matchers that are looked for in a whole stream as it is read. */
export const needles = (...matchers: (TextMatcher | undefined)[]): string[] => matchers.flatMap((m) => (m?.contains !== undefined ? [m.contains] : []));

/** The end of a long output: evidence stays readable. */
export const tail = (text: string, lines = 15): string => {
  const all = text.trimEnd().split("\n");
  return (all.length > lines ? ["…", ...all.slice(-lines)] : all).join("\n") || "(empty)";
};
