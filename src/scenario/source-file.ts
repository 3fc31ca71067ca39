import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { Diagnostic } from "../errors.js";
import { yamlErrors } from "./yaml-errors.js";

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
    for (const error of yamlErrors(this.doc.errors, text, this.lines)) {
      const pos = this.lines.linePos(error.offset);
      this.diagnostics.push({ file, line: pos.line, col: pos.col, code: "E_YAML", path: "", message: error.message });
    }
    this.data = undefined;
    if (this.diagnostics.length > 0) return;
    const deep = tooDeep(this.doc.contents);
    if (deep !== undefined) {
      const pos = this.lines.linePos(deep);
      this.diagnostics.push({ file, ...pos, code: "E_YAML", path: "", message: `the document nests more than ${MAX_DEPTH} levels deep; at most ${MAX_DEPTH} are allowed` });
      return;
    }
    try {
      this.data = this.doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      const bomb = /alias count/i.test((error as Error).message);
      this.report("E_YAML", [], `cannot expand the document: ${bomb ? `its aliases expand too much; at most ${MAX_ALIASES} alias expansions are allowed` : firstLine((error as Error).message)}`);
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

/** The offset of the top-level value that holds a too-deep branch, or undefined. Iterative, so hostile input cannot overflow the stack. */
function tooDeep(root: unknown): number | undefined {
  const stack: [unknown, number, number | undefined][] = [[root, 1, undefined]];
  while (stack.length > 0) {
    const [node, depth, top] = stack.pop()!;
    if (depth > MAX_DEPTH) return top ?? 0;
    if (isMap(node) || isSeq(node)) {
      for (const item of (node as { items: unknown[] }).items) {
        const child = isPair(item) ? item.value : item;
        stack.push([child, depth + 1, top ?? (depth === 1 ? rangeStart(child) : undefined)]);
      }
    }
  }
  return undefined;
}
