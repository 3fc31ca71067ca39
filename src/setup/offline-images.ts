import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The folder of the offline image recipes, shipped with the package (images/<name>.sh). */
export const IMAGES_DIR = fileURLToPath(new URL("../../images/", import.meta.url));

/** The images lab can build without a registry: a FROM-scratch tree from Debian packages. */
export const RECIPES = ["busybox", "nginx", "redis"] as const;
export type Recipe = (typeof RECIPES)[number];

/** `busybox`, `busybox:latest`, `docker.io/library/busybox:latest` -> busybox; any other ref has no recipe. */
export function recipeFor(ref: string): Recipe | undefined {
  const m = /^(?:(?:docker\.io|index\.docker\.io)\/)?(?:library\/)?([a-z]+)(?::latest)?$/.exec(ref);
  return RECIPES.find((r) => r === m?.[1]);
}

export interface BuildOutcome {
  ok: boolean;
  /** What the recipe or the check printed, for the message when it failed. */
  output: string;
}

/**
 * Builds a recipe into `tag` with `bash images/<name>.sh TAG`, then runs it once with
 * images/check.sh (as scripts/setup does); an image that does not run is removed.
 */
export async function buildOfflineImage(recipe: Recipe, tag: string): Promise<BuildOutcome> {
  const script = `${IMAGES_DIR}${recipe}.sh`;
  if (!existsSync(script)) return { ok: false, output: `the recipe ${script} is missing from this installation` };
  const built = await bash([script, tag]);
  if (built.code !== 0) return { ok: false, output: built.output };
  const checked = await bash([`${IMAGES_DIR}check.sh`, recipe, tag]);
  if (checked.code !== 0) {
    await bash(["-c", 'docker image rm "$0" >/dev/null 2>&1 || true', tag]);
    return { ok: false, output: `${checked.output}\n(the image was built but does not run; it was removed)` };
  }
  return { ok: true, output: built.output };
}

function bash(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn("bash", args, { stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (error) => resolve({ code: 127, output: `cannot run bash: ${error.message}` }));
    child.on("close", (code) => resolve({ code: code ?? 1, output: output.trim() }));
  });
}
