import { realpath, stat } from "node:fs/promises";
import { isAbsolute, join, relative } from "node:path";
import type { Scenario } from "./types.js";

export interface ContextProblem {
  /** The key under `images:`. */
  image: string;
  /** The key the problem is about: `build` (the context) unless said otherwise. */
  key?: "build" | "dockerfile";
  message: string;
}

/**
 * The `images:` build contexts as the file system has them. rules.ts refuses `..` and
 * absolute paths in the text; only the disk can tell that a context is missing, or that a
 * symbolic link on the way leads out of the scenario's directory (the build would then
 * send the engine files from elsewhere on the host).
 */
export async function buildContextProblems(scenario: Scenario): Promise<ContextProblem[]> {
  const dir = await realpath(scenario.dir).catch(() => scenario.dir);
  const problems = await Promise.all(
    scenario.images.map(async (image): Promise<ContextProblem | undefined> => {
      const shown = relative(scenario.dir, image.context) || ".";
      const info = await stat(image.context).catch(() => undefined);
      if (!info)
        return {
          image: image.name,
          message: `build context "${shown}" does not exist; create the directory or fix the path (it is relative to the scenario file)`,
        };
      if (!info.isDirectory())
        return { image: image.name, message: `build context "${shown}" is not a directory; give the directory that holds the Dockerfile` };
      const real = await realpath(image.context);
      const inside = relative(dir, real);
      if (inside.split(/[\\/]/)[0] === ".." || isAbsolute(inside)) {
        return {
          image: image.name,
          message: `build context "${shown}" leads out of the scenario's directory through a symbolic link (to ${real}); a build context must stay inside it`,
        };
      }
      // The engine reads the Dockerfile from the context it is sent: it must be a file in it.
      const dockerfile = join(image.context, image.dockerfile);
      const file = await realpath(dockerfile).catch(() => undefined);
      if (!file) return { image: image.name, key: "dockerfile", message: `Dockerfile "${image.dockerfile}" does not exist in build context "${shown}"` };
      const within = relative(real, file);
      if (within.split(/[\\/]/)[0] === ".." || isAbsolute(within)) {
        return {
          image: image.name,
          key: "dockerfile",
          message: `Dockerfile "${image.dockerfile}" leads out of build context "${shown}" through a symbolic link (to ${file}); the engine only sees the context's files`,
        };
      }
      if (!(await stat(file)).isFile())
        return { image: image.name, key: "dockerfile", message: `Dockerfile "${image.dockerfile}" in build context "${shown}" is not a file` };
      return undefined;
    }),
  );
  return problems.filter((p): p is ContextProblem => p !== undefined);
}
