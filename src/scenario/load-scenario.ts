import { constants, type Stats } from "node:fs";
import { open, readdir, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { InputError, type Diagnostic } from "../errors.js";
import { typeOf } from "../steps/step-kind.js";
import { knownStepKinds, stepKind, type StepKindName } from "../steps/step-table.js";
import { buildContextProblems } from "./build-contexts.js";
import { checkCounts, LIMITS, tooManyBytes } from "./input-limits.js";
import { normalize } from "./normalize.js";
import type { RawScenario } from "./raw.js";
import { checkRules } from "./rules.js";
import { loadSchema, schemaValidator } from "./schema.js";
import { reportSchemaErrors } from "./schema-diagnostics.js";
import { SourceFile } from "./source-file.js";
import type { Scenario, ScenarioReference, Step } from "./types.js";

export interface Loaded {
  scenarios: Scenario[];
  diagnostics: Diagnostic[];
  /** Findings in valid files: what the engine will refuse where a step expects it to (docs/scenario-format.md). */
  warnings: Diagnostic[];
}

export interface LoadOptions {
  /**
   * `check`: the file is for `lab check`, whose world already exists. Names it uses without
   * declaring them are the engine's; the scenario lists them (`Scenario.references`).
   */
  mode?: "run" | "check";
  /** `lab check --allow-actions`: without it, a check file's action steps are refused at their line. */
  allowActions?: boolean;
}

/** Parses and checks one file's text: YAML, then schema, then rules. Every problem is reported. */
export function parseScenario(
  file: string,
  text: string,
  options: LoadOptions = {},
): { scenario?: Scenario; diagnostics: Diagnostic[]; warnings?: Diagnostic[] } {
  const check = options.mode === "check";
  if (text.length > LIMITS.bytes || Buffer.byteLength(text) > LIMITS.bytes)
    return { diagnostics: [fileProblem(file, "E_LIMIT", tooManyBytes(Buffer.byteLength(text)))] };
  const source = new SourceFile(file, text);
  if (source.diagnostics.length > 0) return { diagnostics: source.diagnostics };
  checkCounts(source, source.data);
  if (source.diagnostics.length > 0) return { diagnostics: source.diagnostics };
  const validate = schemaValidator();
  const raw = source.data as RawScenario;
  if (!validate(raw)) {
    reportSchemaErrors(source, validate.errors ?? [], loadSchema());
    // The rules still run, so that one pass reports every problem; where a value already
    // failed the schema, its rule findings would only repeat it, so they are dropped.
    if (raw !== null && typeof raw === "object" && !Array.isArray(raw)) addRuleFindings(source, raw, check);
    return { diagnostics: sorted(source.diagnostics) };
  }
  const references = new Map<string, ScenarioReference>();
  checkRules(source, raw, knownStepKinds(), {
    openWorld: check,
    referenced: (r) => {
      const key = `${r.kind}:${r.name}`;
      if (!references.has(key)) references.set(key, { kind: r.kind, name: r.name, line: source.at(r.path).line });
    },
  });
  if (source.diagnostics.length > 0) return { diagnostics: sorted(source.diagnostics) };
  const scenario = normalize(raw, file, (path) => source.at(path).line);
  if (check && !options.allowActions) refuseActions(source, scenario);
  if (source.diagnostics.length > 0) return { diagnostics: sorted(source.diagnostics) };
  return { scenario: check ? { ...scenario, references: [...references.values()] } : scenario, diagnostics: [], warnings: sorted(source.warnings) };
}

/** `sleep` changes nothing: it is the one action a check may take. */
const HARMLESS = new Set(["sleep"]);

const isAction = <K extends StepKindName>(step: Step<K>): boolean => typeOf(stepKind(step.kind), step.args) === "action";

/** Check mode: a step that would change the world (start, connect, an `exec` without assertions...) is refused before any engine call. */
function refuseActions(source: SourceFile, scenario: Scenario): void {
  for (const step of scenario.steps) {
    if (HARMLESS.has(step.kind) || !isAction(step)) continue;
    source.report(
      "E_ACTION_IN_CHECK",
      ["steps", step.index, step.kind],
      `step ${step.index + 1} ("${step.kind}") is an action, and lab check never changes the world it checks; remove the step, or pass --allow-actions to run it on that world anyway`,
      { key: true },
    );
  }
}

function addRuleFindings(source: SourceFile, raw: RawScenario, openWorld: boolean): void {
  const schemaFindings = source.diagnostics.map((d) => d.path);
  const before = source.diagnostics.length;
  try {
    checkRules(source, raw, knownStepKinds(), { openWorld });
  } catch {
    // A shape the schema already refused; its findings stand.
  }
  // A finding is related to a schema error when either path lies under the other. With sets
  // of paths and of their ancestors this stays linear, even for thousands of problems.
  const exact = new Set(schemaFindings);
  const ancestors = new Set(schemaFindings.flatMap(prefixes));
  const related = (path: string): boolean => ancestors.has(path) || prefixes(path).some((p) => exact.has(p));
  const findings = source.diagnostics.splice(before).filter((d) => !related(d.path));
  source.diagnostics.push(...findings);
}

/** `a.b[0].c` -> `a`, `a.b`, `a.b[0]`, `a.b[0].c`. */
function prefixes(path: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < path.length; i++) if (path[i] === "." || path[i] === "[") out.push(path.slice(0, i));
  out.push(path);
  return out;
}

/** Loads every scenario named by `paths` (files, or directories searched for *.yaml). */
export async function loadScenarios(paths: readonly string[], options: LoadOptions = {}): Promise<Loaded> {
  const files = (await Promise.all(paths.map(expand))).flat();
  const texts = new Map<string, string>();
  const results = await Promise.all(
    files.map(async (file) => {
      const read = await readScenarioFile(file);
      if (typeof read !== "string") return { diagnostics: [read] };
      const text = read;
      texts.set(file, text);
      const parsed = parseScenario(file, text, options);
      if (!parsed.scenario?.images.length) return parsed;
      const problems = await buildContextProblems(parsed.scenario);
      if (problems.length === 0) return parsed;
      const source = new SourceFile(file, text);
      for (const p of problems) source.report("E_PATH", ["images", p.image, p.key ?? "build"], p.message);
      return { diagnostics: source.diagnostics, warnings: parsed.warnings };
    }),
  );
  const scenarios = results.flatMap((r) => (r.scenario ? [r.scenario] : []));
  const diagnostics = results.flatMap((r) => r.diagnostics);
  const warnings = results.flatMap((r) => ("warnings" in r && r.warnings) || []);
  const byName = new Map<string, Scenario>();
  for (const s of scenarios) {
    const first = byName.get(s.name);
    if (first) {
      const at = new SourceFile(s.file, texts.get(s.file)!).at(["name"]);
      diagnostics.push({
        file: s.file,
        ...at,
        code: "E_DUPLICATE_NAME",
        path: "name",
        message: `scenario name "${s.name}" is already used by ${first.file}; names must be unique in one run`,
      });
    } else byName.set(s.name, s);
  }
  return { scenarios, diagnostics, warnings };
}

async function expand(path: string): Promise<string[]> {
  const info = await stat(path).catch(() => {
    throw new InputError("E_NO_SUCH_FILE", `${path}: no such file or directory`);
  });
  if (!info.isDirectory()) return [path];
  // A directory that changes while it is read (an editor's temporary file, a checkout in
  // progress) can make the scan fail; a file gone by the time it is read is said by the read.
  const entries = await readdir(path, { withFileTypes: true, recursive: true }).catch((error: NodeJS.ErrnoException) => {
    throw new InputError(
      "E_NO_SUCH_FILE",
      `${path}: cannot read the directory (${error.code ?? error.message}); it may have changed while lab read it, so try again`,
    );
  });
  return entries
    .filter((e) => e.isFile() && /\.ya?ml$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/**
 * A scenario file's text, or the one sentence that says why it cannot be read: not a regular
 * file (a device such as /dev/zero never ends, a FIFO blocks until someone writes), over the
 * size limit, gone since the scan, not UTF-8 (UTF-16 from some editors, a binary file). Never
 * reads more than the limit.
 */
async function readScenarioFile(file: string): Promise<string | Diagnostic> {
  const problem = (message: string): Diagnostic => fileProblem(file, "E_FILE", message);
  let handle: FileHandle | undefined;
  try {
    const info = await stat(file);
    if (!info.isFile()) return problem(`${file} is not a regular file (${kindOf(info)}); lab reads scenarios from .yaml files only`);
    if (info.size > LIMITS.bytes) return fileProblem(file, "E_LIMIT", tooManyBytes(info.size));
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
    const buffer = Buffer.alloc(LIMITS.bytes + 1);
    let length = 0;
    for (let n = -1; n !== 0 && length < buffer.length; length += n) n = (await handle.read(buffer, length, buffer.length - length)).bytesRead;
    if (length > LIMITS.bytes) return fileProblem(file, "E_LIMIT", tooManyBytes(length));
    return decode(buffer.subarray(0, length), problem);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return problem(`${file} is gone: it was removed or renamed while lab was reading the scenarios`);
    if (code === "EACCES" || code === "EPERM") return problem(`${file} cannot be read: permission denied`);
    return problem(`${file} cannot be read: ${(error as Error).message}`);
  } finally {
    await handle?.close();
  }
}

const kindOf = (info: Stats): string =>
  info.isCharacterDevice() || info.isBlockDevice()
    ? "a device"
    : info.isFIFO()
      ? "a FIFO"
      : info.isSocket()
        ? "a socket"
        : info.isDirectory()
          ? "a directory"
          : "not a file";

function decode(bytes: Buffer, problem: (message: string) => Diagnostic): string | Diagnostic {
  const bom16 = bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
  const nul = bytes.indexOf(0);
  if (bom16 || (nul >= 0 && nul < 4 && bytes.length >= 4)) return problem("the file is UTF-16 (or UTF-32), not UTF-8; save it as UTF-8");
  try {
    const text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return text.startsWith("\uFEFF") ? text.slice(1) : text;
  } catch {
    // Where the first invalid byte is: the lossy decoding puts U+FFFD there.
    const lossy = bytes.toString("utf8");
    const at = lossy.indexOf("\uFFFD");
    const before = lossy.slice(0, Math.max(0, at));
    const line = before.split("\n").length;
    const col = before.length - before.lastIndexOf("\n");
    return {
      ...problem(`the file is not valid UTF-8: the bytes here are not text (a file saved in another encoding, or binary); save it as UTF-8`),
      line,
      col,
    };
  }
}

/** A problem with the file as a whole, said at its start. */
const fileProblem = (file: string, code: string, message: string): Diagnostic => ({ file, line: 1, col: 1, code, path: "", message });

const sorted = (ds: Diagnostic[]): Diagnostic[] => [...ds].sort((a, b) => a.line - b.line || a.col - b.col);
