import {
  Composer,
  Document,
  isMap,
  isPair,
  isScalar,
  isSeq,
  Lexer,
  LineCounter,
  Parser,
  YAMLParseError,
  type CST,
  type Pair,
  type YAMLError,
  type YAMLMap,
} from "yaml";

type Token = CST.Token;
import type { Diagnostic } from "../errors.js";
import { MergeKeyError, yamlErrors } from "./yaml-errors.js";

export type DocPath = readonly (string | number)[];

/** YAML anchors and aliases are allowed, but not so many that a few lines expand into gigabytes. */
const MAX_ALIASES = 100;
/** Deeper than any real scenario; refuses pathological nesting before the schema walks it. */
const MAX_DEPTH = 64;
const TOO_DEEP = `the document nests more than ${MAX_DEPTH} levels deep; at most ${MAX_DEPTH} are allowed`;

/**
 * A parsed scenario file that can say where any value of the document sits in the text.
 * Every later check reports through `at`, so every message carries file:line:col.
 */
export class SourceFile {
  readonly diagnostics: Diagnostic[] = [];
  /** Findings that do not make the file invalid (`severity: "warning"`). */
  readonly warnings: Diagnostic[] = [];
  readonly data: unknown;
  private readonly doc: Document.Parsed;
  private readonly lines: LineCounter;
  /** Each map's pairs by key, built on first use: a file with thousands of problems in one map stays linear. */
  private readonly keyIndex = new WeakMap<YAMLMap, Map<string, Pair>>();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    // The parser's own duplicate-key check compares each key with every earlier one; ours is linear.
    // Lines are counted here, from the text: the parser's own counter misses the line breaks
    // inside a multi-line token once it has lost track of the document, and every later position drifts.
    this.lines = linesOf(text);
    this.data = undefined;
    // The nesting is checked while the parser builds its token tree, and the parser stops
    // at the first collection past the limit: nothing recursive (the parser closing a
    // thousand levels at once, the composer, toJS, the schema) ever walks deeper. A hostile
    // file is then refused the same way, at the same place, however deep the caller's stack
    // already is; deep in a recursion, V8 has even aborted the process while compiling a
    // regular expression, instead of throwing.
    const parsed = parseTokens(text);
    if ("tooDeep" in parsed) {
      this.doc = new Document() as Document.Parsed;
      this.diagnostics.push({ file, ...this.lines.linePos(parsed.tooDeep), code: "E_YAML", path: "", message: TOO_DEEP });
      return;
    }
    this.doc = composeFirst(parsed.tokens, text);
    const errors = [...this.doc.errors, ...duplicateKeys(this.doc.contents)].sort((a, b) => a.pos[0] - b.pos[0]);
    for (const error of yamlErrors(errors, text, this.lines)) {
      const pos = this.lines.linePos(error.offset);
      this.diagnostics.push({ file, line: pos.line, col: pos.col, code: "E_YAML", path: "", message: error.message });
    }
    if (this.diagnostics.length > 0) return;
    try {
      this.data = this.doc.toJS({ maxAliasCount: MAX_ALIASES });
    } catch (error) {
      const bomb = /alias count/i.test((error as Error).message);
      this.report(
        "E_YAML",
        [],
        `cannot expand the document: ${bomb ? `its aliases expand too much; at most ${MAX_ALIASES} alias expansions are allowed` : firstLine((error as Error).message)}`,
      );
    }
  }

  /** Adds a diagnostic at the value (or, with `key`, at the key) found at `path`; with `warning`, one that does not make the file invalid. */
  report(code: string, path: DocPath, message: string, options: { key?: boolean; warning?: boolean } = {}): void {
    const { line, col } = this.at(path, options);
    const d: Diagnostic = { file: this.file, line, col, code, path: formatPath(path), message };
    if (options.warning) this.warnings.push({ ...d, severity: "warning" });
    else this.diagnostics.push(d);
  }

  /** Position of the node at `path`; falls back to the nearest ancestor that exists. */
  at(path: DocPath, { key = false }: { key?: boolean } = {}): { line: number; col: number } {
    let node: unknown = this.doc.contents;
    let offset = rangeStart(node) ?? 0;
    for (let i = 0; i < path.length; i++) {
      const segment = path[i]!;
      const last = i === path.length - 1;
      if (isMap(node)) {
        const pair = this.pairs(node).get(String(segment));
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

  private pairs(map: YAMLMap): Map<string, Pair> {
    let index = this.keyIndex.get(map);
    if (!index) {
      index = new Map();
      for (const item of map.items) {
        const key = isPair(item) ? scalarValue(item.key) : undefined;
        if (key !== undefined && !index.has(key)) index.set(key, item);
      }
      this.keyIndex.set(map, index);
    }
    return index;
  }
}

function linesOf(text: string): LineCounter {
  const lines = new LineCounter();
  lines.addNewLine(0);
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) lines.addNewLine(i + 1);
  return lines;
}

/** `containers.web.ports[0]`: the path as a scenario author would write it. */
export const formatPath = (path: DocPath): string => path.reduce<string>((out, s) => (typeof s === "number" ? `${out}[${s}]` : out ? `${out}.${s}` : s), "");

const rangeStart = (node: unknown): number | undefined => (node as { range?: [number, number, number] } | null)?.range?.[0];

const scalarValue = (node: unknown): string | undefined => (isScalar(node) ? String(node.value) : undefined);

/** A key as its author wrote it: quoted keys keep their quotes, so that `1` and `"1"` can be told apart in a message. */
const sourceOf = (key: { type?: string; source?: string }, text: string): string =>
  key.type === "PLAIN" ? (key.source ?? text) : JSON.stringify(key.source ?? text);

const firstLine = (message: string): string => message.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");

/** A key that appears twice in one map, as the parser's `uniqueKeys` reports it (scalars compared by value), and `<<` merge keys. Iterative. */
function duplicateKeys(root: unknown): YAMLError[] {
  const errors: YAMLError[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const node = stack.pop();
    if (isMap(node)) {
      const seen = new Set<unknown>();
      // Keys are text once read: `1`, `"1"` and `1.0` are three YAML keys but one JavaScript
      // property, and the last would silently win.
      const asText = new Map<string, string>();
      for (const pair of node.items) {
        if (isMap(pair.key) || isSeq(pair.key)) {
          const at = rangeStart(pair.key) ?? 0;
          errors.push(
            new YAMLParseError([at, at + 1], "KEY_COLLISION" as never, "a map key here is itself a list or a map; keys are names, so write it as text"),
          );
        }
        if (isScalar(pair.key)) {
          const text = String(pair.key.value);
          const first = asText.get(text);
          if (first !== undefined && !seen.has(pair.key.value)) {
            const at = rangeStart(pair.key) ?? 0;
            errors.push(
              new YAMLParseError(
                [at, at + 1],
                "KEY_COLLISION" as never,
                `the keys ${first} and ${sourceOf(pair.key, text)} are the same key once read as text ("${text}"), so one value would be lost; keep one of them`,
              ),
            );
          }
          if (first === undefined) asText.set(text, sourceOf(pair.key, text));
          if (pair.key.value === "<<" && pair.key.type === "PLAIN") {
            const at = rangeStart(pair.key) ?? 0;
            errors.push(new MergeKeyError(at));
          }
          if (seen.has(pair.key.value)) {
            const at = rangeStart(pair.key) ?? 0;
            errors.push(new YAMLParseError([at, at + 1], "DUPLICATE_KEY", "Map keys must be unique"));
          }
          seen.add(pair.key.value);
        }
        stack.push(pair.key, pair.value);
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push(item);
  }
  return errors;
}

/**
 * The parser's token tree of every document in the text, built one lexical token at a time;
 * or, as soon as a collection opens past MAX_DEPTH levels, where it opens.
 */
function parseTokens(text: string): { tokens: Token[] } | { tooDeep: number } {
  const parser = new Parser();
  const tokens: Token[] = [];
  for (const lexeme of new Lexer().lex(text)) {
    for (const token of parser.next(lexeme)) tokens.push(token);
    // The stack holds the document and the open collections (and a scalar or two being read).
    if (parser.stack.length > MAX_DEPTH) {
      const at = tooDeepIn(parser.stack);
      if (at !== undefined) return { tooDeep: at };
    }
  }
  for (const token of parser.end()) tokens.push(token);
  return { tokens };
}

/** The offset of the open collection that is one level past MAX_DEPTH, if there is one. */
function tooDeepIn(stack: readonly Token[]): number | undefined {
  let depth = 0;
  for (const token of stack) {
    if (token.type !== "block-seq" && token.type !== "block-map" && token.type !== "flow-collection") continue;
    if (++depth > MAX_DEPTH) return token.offset;
  }
  return undefined;
}

/** The first document composed from the tokens, as parseDocument makes it (a second one is an error). */
function composeFirst(tokens: Token[], text: string): Document.Parsed {
  let first: Document.Parsed | undefined;
  for (const doc of new Composer({ uniqueKeys: false }).compose(tokens, true, text.length)) {
    if (!first) first = doc;
    else {
      first.errors.push(
        new YAMLParseError([doc.range[0], doc.range[1]], "MULTIPLE_DOCS", "Source contains multiple documents; please use YAML.parseAllDocuments()"),
      );
      break;
    }
  }
  return first!;
}
