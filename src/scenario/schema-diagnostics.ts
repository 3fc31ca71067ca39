import type { SchemaError } from "./schema.js";
import type { DocPath, SourceFile } from "./source-file.js";
import { closest, listOf } from "./did-you-mean.js";
import { HOST_POWER_KEYS, hostPowerMessage } from "./host-power.js";
import { COMMON_STEP_KEYS } from "./raw.js";
import { besideKeys } from "../steps/step-table.js";

/** The keys of a step that are not its kind: the common ones and those a kind adds beside its own (a task's `solution`). */
const NOT_KINDS = (): string[] => [...COMMON_STEP_KEYS, ...besideKeys()];
import { expectationOf } from "./schema-builders.js";
import { ContainerName, ImageName, NetworkName } from "./schema-defs.js";
// Loads every declaration, and with them the expectation each declared pattern carries.
import "./scenario-schema.js";

/**
 * Turns ajv's errors into one sentence each, at the key or value they are about.
 * Branches of `anyOf`/`oneOf` that failed only on their type collapse into one
 * "must be X or Y" message; a branch that matched the type keeps its own deeper errors.
 */
export function reportSchemaErrors(source: SourceFile, errors: readonly SchemaError[], root: Record<string, unknown>): void {
  const seen = new Set<string>();
  const report = (d: Described): void => {
    const key = `${d.path.join("/")}|${d.message}`;
    if (seen.has(key)) return;
    seen.add(key);
    source.report("E_SCHEMA", d.path, d.message, { key: d.atKey });
  };
  const badNames = new Set(
    errors.filter((e) => e.keyword === "propertyNames").map((e) => `${e.instancePath}/${(e.params as { propertyName: string }).propertyName}`),
  );
  const hidden = hiddenByUnions(errors, root);
  for (const error of errors) {
    if (hidden.has(error) || error.keyword === "not" || (error as { propertyName?: string }).propertyName !== undefined) continue;
    if (
      error.keyword === "additionalProperties" &&
      badNames.has(`${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}`)
    )
      continue;
    if (error.keyword === "anyOf" || error.keyword === "oneOf") {
      const path = toPath(error.instancePath);
      report({ path, message: `${label(path)} must be ${unionForms(error)}` });
      continue;
    }
    report(describe(error, toPath(error.instancePath)));
  }
}

/**
 * For each anyOf/oneOf: when the value has the type of some branch, that branch's own
 * errors say what is wrong, and the union and the other branches' type errors are hidden;
 * when it has the type of none, one "must be X or Y" stands for all branches.
 * Ajv's schema paths are relative to compiled $refs, so branch errors are found by
 * position instead: they come right before the union's error, under its instance path.
 */
function hiddenByUnions(errors: readonly SchemaError[], root: Record<string, unknown>): Set<SchemaError> {
  const hidden = new Set<SchemaError>();
  errors.forEach((union, u) => {
    if (union.keyword !== "anyOf" && union.keyword !== "oneOf") return;
    const branchErrors: SchemaError[] = [];
    for (let i = u - 1; i >= 0 && (errors[i]!.instancePath + "/").startsWith(union.instancePath + "/"); i--) branchErrors.push(errors[i]!);
    const types = ((union.schema ?? []) as object[]).map((b) => typeOf(b, root));
    const matches = types.some((t) => t === undefined || t.split(",").some((x) => admits(x, union.data)));
    if (!matches) {
      branchErrors.forEach((e) => hidden.add(e));
      return;
    }
    hidden.add(union);
    branchErrors.filter((e) => e.instancePath === union.instancePath && (e.keyword === "type" || e.keyword === "const")).forEach((e) => hidden.add(e));
  });
  return hidden;
}

function typeOf(branch: object, root: Record<string, unknown>): string | undefined {
  const ref = (branch as { $ref?: string }).$ref;
  const resolved = ref ? ((root.$defs as Record<string, object>)[ref.replace("#/$defs/", "")] ?? {}) : branch;
  const t = (resolved as { type?: string | string[]; const?: unknown }).type;
  if (t !== undefined) return Array.isArray(t) ? t.join(",") : t;
  const c = (resolved as { const?: unknown }).const;
  return c === undefined ? undefined : c === null ? "null" : typeof c;
}

const admits = (type: string, data: unknown): boolean =>
  ({
    string: typeof data === "string",
    boolean: typeof data === "boolean",
    number: typeof data === "number",
    integer: Number.isInteger(data),
    null: data === null,
    array: Array.isArray(data),
    object: typeof data === "object" && data !== null && !Array.isArray(data),
  })[type] ?? true;

interface Described {
  path: DocPath;
  message: string;
  atKey?: boolean;
}

function describe(e: SchemaError, path: DocPath): Described {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(p.additionalProperty);
      const at = [...path, key];
      if (key in HOST_POWER_KEYS && isContainer(path)) return { path: at, atKey: true, message: hostPowerMessage(key) };
      const isStep = path.length === 2 && path[0] === "steps";
      const known = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter(
        (k) => !isStep || !(NOT_KINDS() as readonly string[]).includes(k),
      );
      const guess = closest(key, isStep ? [...known, ...NOT_KINDS()] : known);
      if (isStep)
        return {
          path: at,
          atKey: true,
          message: `unknown step kind "${key}" in ${where(path)}${guess ? `; did you mean "${guess}"?` : `; known kinds: ${listOf(known)}`}`,
        };
      const hint = guess ? `; did you mean "${guess}"?` : known.length ? `; known keys: ${listOf(known)}` : "";
      return { path: at, atKey: true, message: `unknown key "${key}" in ${where(path)}${hint}` };
    }
    case "required":
      return { path, atKey: path.length > 0, message: `${where(path)} is missing the required key "${p.missingProperty}"` };
    case "type":
      return { path, message: `${label(path)} must be ${article(String(p.type))}, not ${kindOf(e.data)}` };
    case "format":
      return { path, message: `invalid value ${JSON.stringify(e.data)} for ${label(path)}: ${FORMATS[String(p.format)] ?? `it must be a valid ${p.format}`}` };
    case "pattern":
      return { path, message: `invalid value ${JSON.stringify(e.data)} for ${label(path)}: ${expectation(e)}` };
    case "enum":
      return { path, message: `${label(path)} must be one of ${listOf((p.allowedValues as unknown[]).map(String))}, not ${JSON.stringify(e.data)}` };
    case "const":
      return { path, message: `${label(path)} must be ${JSON.stringify(p.allowedValue)}` };
    case "propertyNames":
      return { path: [...path, String(p.propertyName)], atKey: true, message: nameMessage(String(p.propertyName), path) };
    case "uniqueItems": {
      const [i, j] = [Number(p.j), Number(p.i)].sort((a, b) => a - b);
      const list = (e.data as unknown[]) ?? [];
      return {
        path: [...path, j!],
        message: `${JSON.stringify(list[j!])} is listed twice in ${where(path)} (items ${i! + 1} and ${j! + 1}); list each one once`,
      };
    }
    case "minProperties": {
      const keys = Object.keys((e.parentSchema as { properties?: object }).properties ?? {}).filter((k) => k !== "timeout");
      return { path, message: `${where(path)} needs at least one of ${listOf(keys)}` };
    }
    case "minimum":
      return { path, message: `${label(path)} must be at least ${p.limit}, not ${JSON.stringify(e.data)}` };
    case "maximum":
      return { path, message: `${label(path)} must be at most ${p.limit}, not ${JSON.stringify(e.data)}` };
    case "minItems":
    case "maxItems":
    case "minLength":
      return { path, message: `${label(path)} ${e.message}` };
    default:
      return { path, message: `${label(path)} ${e.message ?? "is not valid"}` };
  }
}

const toPath = (pointer: string): DocPath =>
  pointer === ""
    ? []
    : pointer
        .slice(1)
        .split("/")
        .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s));

const isContainer = (path: DocPath): boolean => path.length === 2 && path[0] === "containers";

/** `item 2 of "ports" in container "web"`, `step 3`: a place as an author thinks of it. */
export function where(path: DocPath): string {
  if (path.length === 0) return "the scenario";
  const [section, name] = path;
  if (path.length === 2 && typeof name === "string" && (section === "containers" || section === "networks" || section === "images"))
    return `${section.slice(0, -1)} "${name}"`;
  if (path.length === 2 && section === "steps" && typeof name === "number") return `step ${name + 1}`;
  if (path.length === 3 && section === "steps" && typeof name === "number" && !(COMMON_STEP_KEYS as readonly (string | number)[]).includes(path[2]!))
    return `step ${name + 1} (${path[2]})`;
  const last = path.at(-1)!;
  if (path.length === 1) return `"${last}"`;
  if (typeof last === "number") return `item ${last + 1} of "${path.at(-2)}"${path.length > 2 ? ` in ${where(path.slice(0, -2))}` : ""}`;
  return `"${last}" in ${where(path.slice(0, -1))}`;
}

const label = where;

const article = (type: string): string =>
  type
    .split(",")
    .map(
      (t) =>
        ({ object: "a map", array: "a list", string: "a string", integer: "an integer", number: "a number", boolean: "true or false", null: "empty" })[t] ?? t,
    )
    .join(" or ");

const kindOf = (v: unknown): string =>
  v === null
    ? "empty"
    : Array.isArray(v)
      ? "a list"
      : typeof v === "object"
        ? "a map"
        : `${typeof v === "string" ? "the string" : typeof v} ${JSON.stringify(v)}`;

const FORMATS: Record<string, string> = {
  regex: "it is not a valid regular expression",
  ipv4: "write an IPv4 address, such as 172.28.0.10",
  ipv6: "write an IPv6 address",
  hostname: "write a host name",
};

function expectation(e: SchemaError): string {
  const known = expectationOf((e.params as { pattern: string }).pattern);
  if (known) return known;
  const examples = (e.parentSchema as { examples?: unknown[] } | undefined)?.examples;
  return examples?.length ? `for example ${examples.map((x) => JSON.stringify(x)).join(", ")}` : `it must match ${(e.params as { pattern: string }).pattern}`;
}

const RESERVED: Record<string, Record<string, string>> = {
  networks: { bridge: "the engine's default bridge", host: "the host network mode", none: "the none network mode", default: "Compose's default network" },
  containers: { host: "`from: host`, the machine that runs the engine" },
};

function nameMessage(name: string, path: DocPath): string {
  const section = String(path.at(-1));
  const reserved = RESERVED[section]?.[name];
  if (reserved) return `"${name}" cannot name one of the scenario's ${section}: it is reserved for ${reserved}`;
  if (section === "files") return `file path "${name}" must be absolute and without ".." segments`;
  if (section === "labels") return `label "${name}" is reserved: io.lab.* labels belong to the runner`;
  const def = { containers: ContainerName, networks: NetworkName, images: ImageName }[section];
  return `"${name}" is not a valid name in ${where(path)}: ${(def?.pattern && expectationOf(def.pattern)) ?? "it does not match the allowed form"}`;
}

function unionForms(union: SchemaError): string {
  const branches = (union.schema as { type?: string; const?: unknown; pattern?: string; description?: string }[]) ?? [];
  const forms = branches.map((b) => (b.const !== undefined ? JSON.stringify(b.const) : b.type ? article(b.type) : (b.description ?? "a valid form")));
  return [...new Set(forms)].join(" or ");
}
