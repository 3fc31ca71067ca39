import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { lab } from "./cli.js";
import { ROOT } from "./packed.js";

const SCHEMA = join(ROOT, "schema/scenario.schema.json");
const GLOBS = ["*.lab.yaml", "scenarios/**/*.yaml"];

describe("lab init", () => {
  let dir: string;
  const settings = (): string => join(dir, ".vscode/settings.json");
  const read = async (): Promise<Record<string, unknown>> => JSON.parse(await readFile(settings(), "utf8")) as Record<string, unknown>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-init-"));
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it("writes .vscode/settings.json mapping the scenario globs to the installed schema, which exists", async () => {
    const r = await lab(["init", "--dir", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(await read()).toEqual({ "yaml.schemas": { [SCHEMA]: GLOBS } });
    expect(JSON.parse(await readFile(SCHEMA, "utf8"))).toHaveProperty("$schema");
    const again = await lab(["init", "--dir", dir]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("already maps");
  });

  it("merges into existing settings without losing keys or other schemas, keeping the file's indentation, and replaces an earlier mapping", async () => {
    await mkdir(join(dir, ".vscode"));
    const old = "/old/prefix/lib/node_modules/docker-lab/schema/scenario.schema.json";
    await writeFile(
      settings(),
      JSON.stringify(
        {
          "editor.tabSize": 4,
          "yaml.schemas": { "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml", [old]: GLOBS },
          "files.exclude": { "**/.git": true },
        },
        null,
        "\t",
      ),
    );
    const r = await lab(["init", "--dir", dir]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("updated");
    expect(await read()).toEqual({
      "editor.tabSize": 4,
      "yaml.schemas": { "https://json.schemastore.org/github-workflow.json": ".github/workflows/*.yml", [SCHEMA]: GLOBS },
      "files.exclude": { "**/.git": true },
    });
    expect(await readFile(settings(), "utf8")).toMatch(/^\{\n\t"editor\.tabSize": 4,/);
  });

  it("refuses settings with comments (and says what to add), and files that are not JSON objects, leaving them as they were", async () => {
    await mkdir(join(dir, ".vscode"));
    for (const [text, message] of [
      ['{\n  // my editor\n  "editor.tabSize": 4,\n}\n', "has comments (JSON with comments), which lab init would lose"],
      ['{ "url": "http://example.invalid/a//b" ', "is not valid JSON"],
      ["[1, 2]", "does not hold a JSON object"],
      ['{ "yaml.schemas": "nope" }', '"yaml.schemas" is not an object'],
    ]) {
      await writeFile(settings(), text!);
      const r = await lab(["init", "--dir", dir]);
      expect(r.code, text).toBe(2);
      expect(r.stderr, text).toContain(message);
      expect(await readFile(settings(), "utf8")).toBe(text);
    }
    await writeFile(settings(), "{\n  // mine\n}\n");
    const r = await lab(["init", "--dir", dir]);
    expect(r.stderr).toContain(`"yaml.schemas": { ${JSON.stringify(SCHEMA)}: ["*.lab.yaml","scenarios/**/*.yaml"] }`);
  });
});
