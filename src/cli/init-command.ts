import { mkdir, readFile, writeFile } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { InputError } from "../errors.js";
import { SCHEMA_URL } from "../scenario/schema-url.js";

export interface InitFlags {
  /** The project's root (default: the working directory). */
  dir?: string;
}

/** The files the editor setting maps to lab's schema. */
export const SCENARIO_GLOBS = ["*.lab.yaml", "scenarios/**/*.yaml"];

/**
 * `lab init`: maps scenario files to the installed package's schema in .vscode/settings.json
 * (`yaml.schemas`, read by the YAML extension's yaml-language-server), keeping every other
 * setting. A settings file with comments is refused rather than rewritten without them.
 */
export async function initCommand(flags: InitFlags): Promise<number> {
  const root = resolve(flags.dir ?? ".");
  const file = join(root, ".vscode", "settings.json");
  const schema = schemaRef(root);
  const before = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw new InputError("E_INIT", `${file}: cannot read it (${error.message}).`);
  });
  const settings = before === undefined || before.trim() === "" ? {} : parseSettings(file, before, schema);
  const schemas = isObject(settings["yaml.schemas"]) ? { ...settings["yaml.schemas"] } : {};
  if (settings["yaml.schemas"] !== undefined && !isObject(settings["yaml.schemas"]))
    throw new InputError("E_INIT", `${file}: "yaml.schemas" is not an object; fix or remove it, then run lab init again.`);
  // An earlier lab init (maybe of another install of the package) is replaced, not added to.
  for (const key of Object.keys(schemas)) if (key !== schema && /(^|[/\\])docker-lab[/\\]schema[/\\]scenario\.schema\.json$/.test(key)) delete schemas[key];
  schemas[schema] = SCENARIO_GLOBS;
  const after = `${JSON.stringify({ ...settings, "yaml.schemas": schemas }, null, indentOf(before))}\n`;
  if (after === before) {
    process.stdout.write(`${shown(file)}: already maps ${SCENARIO_GLOBS.join(" and ")} to ${schema}\n`);
    return 0;
  }
  await mkdir(join(root, ".vscode"), { recursive: true });
  await writeFile(file, after);
  process.stdout.write(
    `${shown(file)}: ${before === undefined ? "written" : "updated"}; ${SCENARIO_GLOBS.join(" and ")} use ${schema} (the YAML extension, redhat.vscode-yaml, reads it)\n`,
  );
  return 0;
}

/** The schema as the editor should find it: relative to the project when the package is installed in it, else absolute. */
function schemaRef(root: string): string {
  const path = fileURLToPath(SCHEMA_URL);
  const rel = relative(root, path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? `./${rel.split(sep).join("/")}` : path;
}

/** A path as the user would type it: relative when it is under the working directory. */
function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith("..") && !isAbsolute(rel) ? rel : path;
}

type Settings = Record<string, unknown>;

function parseSettings(file: string, text: string, schema: string): Settings {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const snippet = `"yaml.schemas": { ${JSON.stringify(schema)}: ${JSON.stringify(SCENARIO_GLOBS)} }`;
    if (hasComments(text))
      throw new InputError(
        "E_INIT",
        `${file} has comments (JSON with comments), which lab init would lose if it rewrote the file; add this setting yourself:\n  ${snippet}`,
      );
    throw new InputError("E_INIT", `${file} is not valid JSON (${(error as Error).message}); fix it, or add this setting yourself:\n  ${snippet}`);
  }
  if (!isObject(value)) throw new InputError("E_INIT", `${file} does not hold a JSON object; fix it, then run lab init again.`);
  return value;
}

/** Whether `//` or `/*` starts a comment outside a string. */
function hasComments(text: string): boolean {
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "/" && (text[i + 1] === "/" || text[i + 1] === "*")) return true;
  }
  return false;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The file's own indentation (tabs or N spaces), 2 spaces for a new file. */
function indentOf(text: string | undefined): string | number {
  const m = text && /^[{[][^\n]*\n([ \t]+)\S/.exec(text);
  return m ? m[1]! : 2;
}
