import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic } from "../errors.js";

export type DocPath = readonly (string | number)[];

/** YAML anchors and aliases are allowed, but not so many that a few lines expand into gigabytes. */
const MAX_ALIASES = 100;
/** Deeper than any real scenario; refuses pathological nesting before the schema walks it. */
const MAX_DEPTH = 64;

/**
 * A parsed scenario file that can say where any value of the document sits in the text.
 * Every later check reports through `at`, so every message carries file:line:col.
 */
export class SourceFile {
  readonly diagnostics: Diagnostic[] = [];
  readonly data: unknown;
  private readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, uniqueKeys: true, prettyErrors: false });
    for (const error of this.doc.errors) {
      const pos = this.lines.linePos(error.pos[0]);
      this.diagnostics.push({ file, line: pos.line, col: pos.col, code: "E_YAML", path: "", message: firstLine(error.message) });
    }
    this.data = undefined;
    if (this.diagnostics.length > 0) return;
    const depth = depthOf(this.doc.contents);
    if (depth > MAX_DEPTH) {
      this.report("E_YAML", [], `the document nests ${depth} levels deep; at most ${MAX_DEPTH} are allowed`);
      return;
    }
    try {
      this.data = this.doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      this.report("E_YAML", [], `cannot expand the document: ${firstLine((error as Error).message)}`);
    }
  }

  /** Adds a diagnostic at the value (or, with `key`, at the key) found at `path`. */
  report(code: string, path: DocPath, message: string, options: { key?: boolean } = {}): void {
    const { line, col } = this.at(path, options);
    this.diagnostics.push({ file: this.file, line, col, code, path: formatPath(path), message });
  }

  /** Position of the node at `path`; falls back to the nearest ancestor that exists. */
  at(path: DocPath, { key = false }: { key?: boolean } = {}): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = node.items.find((item) => isPair(item) && scalarValue(item.key) === String(segment));
        if (!pair) break;
        const keyOffset = rangeStart(pair.key);
        if (last && key && keyOffset !== undefined) {
          offset = keyOffset;
          break;
        }
        node = pair.value;
        offset = rangeStart(node) ?? keyOffset ?? offset;
      } else if (isSeq(node) && typeof segment === "number") {
        const item = node.items[segment];
        if (item === undefined) break;
        node = item;
        offset = rangeStart(node) ?? offset;
      } else break;
    }
    const pos = this.lines.linePos(offset);
    return { line: pos.line, col: pos.col };
  }
}

/** `containers.web.ports[0]`: the path as a scenario author would write it. */
export const formatPath = (path: DocPath): string =>
  path.reduce<string>((out, s) => (typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${s}` : s), "");

const rangeStart = (node: unknown): number | undefined =>
  (node as { range?: [number, number, number] } | null)?.range?.[0];

const scalarValue = (node: unknown): string | undefined => (isScalar(node) ? String(node.value) : undefined);

const firstLine = (message: string): string => message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");

function depthOf(root: unknown): number {
  // Iterative, so that the check itself cannot overflow the stack on hostile input.
  let max = 0;
  const stack: [unknown, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > max) max = depth;
    if (depth > MAX_DEPTH) return depth;
    if (isMap(node) || isSeq(node)) {
      for (const item of (node as { items: unknown[] }).items) {
        if (isPair(item)) stack.push([item.value, depth + 1]);
        else stack.push([item as Node, depth + 1]);
      }
    }
  }
  return max;
}
