import { YAMLParseError, type LineCounter, type YAMLError } from "yaml";

/** A `<<` merge key: the parser reads it as a plain key, so lab reports it itself. */
export class MergeKeyError extends YAMLParseError {
  constructor(at: number) {
    super([at, at + 1], "BAD_COLLECTION_TYPE", "merge key");
  }
}

export interface Located {
  offset: number;
  message: string;
}

/**
 * The YAML parser's errors, said for a scenario author and placed where the mistake is.
 * The parser notices an unclosed quote or bracket only at the end of the file, and an
 * over-indented key as two errors about "implicit keys": those are traced back to the
 * opening character and to the indented line. One error per line is kept.
 */
export function yamlErrors(errors: readonly YAMLError[], text: string, lines: LineCounter): Located[] {
  const out: Located[] = [];
  const seenLines = new Set<number>();
  // One scan of the text serves every error: a broken file can have thousands of them.
  const scan = new TextScan(text);
  for (const error of errors) {
    const located = locate(error, text, scan);
    const line = lines.linePos(located.offset).line;
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    out.push(located);
  }
  return out;
}

function locate(error: YAMLError, text: string, scan: TextScan): Located {
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const at = error.pos[0];
  if (error.code === "MISSING_CHAR" && /quote/.test(message)) {
    const quote = /Missing closing (['"])/.exec(message)?.[1] ?? '"';
    return { offset: scan.unclosed(at, quote) ?? at, message: `the quoted text that starts here is never closed; add the closing ${quote}` };
  }
  if (error.code === "BAD_INDENT" && /Flow (sequence|mapping)/.test(message)) {
    return { offset: scan.unclosed(at, /sequence/.test(message) ? "[" : "{") ?? at, message };
  }
  if (error.code === "BLOCK_AS_IMPLICIT_KEY" || error.code === "MULTILINE_IMPLICIT_KEY") {
    const indented = overIndentedKey(text, at, scan);
    if (indented !== undefined)
      return {
        offset: indented,
        message: "bad indentation: this key is indented more than the key on the line above; keys of one map must start in the same column",
      };
  }
  if (error.code === "MULTIPLE_DOCS") {
    return { offset: at, message: "a second YAML document starts here (---); a scenario file holds one scenario: move each into a file of its own" };
  }
  if (error instanceof MergeKeyError) {
    return {
      offset: at,
      message:
        "`<<` merge keys are not part of YAML 1.2, which lab reads: the keys would not be merged. Write the keys out, or give the whole value an anchor and use the alias",
    };
  }
  if (error.code === "DUPLICATE_KEY") {
    const key = /^\s*([^:#]+?)\s*:/.exec(text.slice(at))?.[1];
    if (key) return { offset: at, message: `the key "${key}" appears twice in the same map; keep one of them` };
  }
  return { offset: at, message };
}

/**
 * The text scanned forward once, however many errors ask, as long as they come in order of
 * position (the caller sorts them); an earlier position starts the scan again.
 */
class TextScan {
  private i = 0;
  private quote: { char: string; at: number } | undefined;
  private readonly brackets: Record<string, number[]> = { "[": [], "{": [] };
  private starts?: number[];

  constructor(private readonly text: string) {}

  /**
   * The offset of the opening character before `end` that is never closed: a quote, or the
   * outermost unclosed bracket of its kind. Comments and quoted text are skipped.
   */
  unclosed(end: number, open: string): number | undefined {
    const { text } = this;
    const limit = Math.min(end, text.length);
    if (limit < this.i) {
      this.i = 0;
      this.quote = undefined;
      this.brackets["["] = [];
      this.brackets["{"] = [];
    }
    for (; this.i < limit; this.i++) {
      const c = text[this.i]!;
      if (this.quote) {
        if (c === this.quote.char) this.quote = undefined;
      } else if (c === "#" && (this.i === 0 || /\s/.test(text[this.i - 1]!))) {
        const newline = text.indexOf("\n", this.i);
        this.i = newline < 0 ? text.length : newline;
      } else if (c === '"' || c === "'") this.quote = { char: c, at: this.i };
      else if (c === "[" || c === "{") this.brackets[c]!.push(this.i);
      else if (c === "]") this.brackets["["]!.pop();
      else if (c === "}") this.brackets["{"]!.pop();
    }
    const brackets = this.brackets[open];
    return brackets ? brackets[0] : this.quote?.char === open ? this.quote.at : undefined;
  }

  /** Where each line starts. */
  lineStarts(): number[] {
    if (!this.starts) {
      this.starts = [0];
      for (let i = this.text.indexOf("\n"); i >= 0; i = this.text.indexOf("\n", i + 1)) this.starts.push(i + 1);
    }
    return this.starts;
  }
}

/** The first line from the error's line on that is indented deeper than a `key: value` line above it. */
function overIndentedKey(text: string, at: number, scan: TextScan): number | undefined {
  const starts = scan.lineStarts();
  const lineOf = (offset: number): number => {
    let [lo, hi] = [0, starts.length - 1];
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  const content = (n: number): string => text.slice(starts[n], (starts[n + 1] ?? text.length + 1) - 1);
  const indent = (s: string): number => s.length - s.trimStart().length;
  for (let n = Math.max(1, lineOf(at)); n < starts.length; n++) {
    const line = content(n);
    if (!line.trim() || line.trimStart().startsWith("#")) continue;
    let p = n - 1;
    while (p > 0 && (!content(p).trim() || content(p).trimStart().startsWith("#"))) p--;
    const above = content(p);
    if (indent(line) > indent(above) && /^\s*[\w.-]+:\s+\S/.test(above) && /^\s*[\w.-]+:/.test(line)) return starts[n]! + indent(line);
    if (n > lineOf(at) + 1) break;
  }
  return undefined;
}
