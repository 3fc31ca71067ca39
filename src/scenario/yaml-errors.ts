import type { LineCounter, YAMLError } from "yaml";

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
  for (const error of errors) {
    const located = locate(error, text);
    const line = lines.linePos(located.offset).line;
    if (seenLines.has(line)) continue;
    seenLines.add(line);
    out.push(located);
  }
  return out;
}

function locate(error: YAMLError, text: string): Located {
  const message = error.message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");
  const at = error.pos[0];
  if (error.code === "MISSING_CHAR" && /quote/.test(message)) {
    const quote = /Missing closing (['"])/.exec(message)?.[1] ?? '"';
    return { offset: unclosed(text, at, quote) ?? at, message: `the quoted text that starts here is never closed; add the closing ${quote}` };
  }
  if (error.code === "BAD_INDENT" && /Flow (sequence|mapping)/.test(message)) {
    return { offset: unclosed(text, at, /sequence/.test(message) ? "[" : "{") ?? at, message };
  }
  if (error.code === "BLOCK_AS_IMPLICIT_KEY" || error.code === "MULTILINE_IMPLICIT_KEY") {
    const indented = overIndentedKey(text, at);
    if (indented !== undefined) return { offset: indented, message: "bad indentation: this key is indented more than the key on the line above; keys of one map must start in the same column" };
  }
  if (error.code === "DUPLICATE_KEY") {
    const key = /^\s*([^:#]+?)\s*:/.exec(text.slice(at))?.[1];
    if (key) return { offset: at, message: `the key "${key}" appears twice in the same map; keep one of them` };
  }
  return { offset: at, message };
}

/**
 * The offset of the opening character before `end` that is never closed: a quote, or the
 * outermost unclosed bracket. Scans forward, skipping comments and quoted text.
 */
function unclosed(text: string, end: number, open: string): number | undefined {
  const close = open === "[" ? "]" : open === "{" ? "}" : open;
  const brackets: number[] = [];
  let quote: { char: string; at: number } | undefined;
  for (let i = 0; i < Math.min(end, text.length); i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote.char) quote = undefined;
    } else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      const newline = text.indexOf("\n", i);
      i = newline < 0 ? text.length : newline;
    } else if (c === '"' || c === "'") quote = { char: c, at: i };
    else if (c === open && open !== close) brackets.push(i);
    else if (c === close && open !== close) brackets.pop();
  }
  return open === close ? (quote?.char === open ? quote.at : undefined) : brackets[0];
}

/** The first line from the error's line on that is indented deeper than a `key: value` line above it. */
function overIndentedKey(text: string, at: number): number | undefined {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") starts.push(i + 1);
  const lineOf = (offset: number): number => starts.findLastIndex((s) => s <= offset);
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
