import { EnvironmentError } from "../errors.js";
import type { PlannedImage } from "../plan/plan.js";
import type { Runtime } from "../runtime/runtime.js";

export type PullPolicy = "missing" | "always" | "never";

/** Builds the scenario's own images and pulls the others, as `--pull` says. */
export async function ensureImages(images: PlannedImage[], runtime: Runtime, policy: PullPolicy, progress: (line: string) => void): Promise<void> {
  await Promise.all(
    images.map(async (image) => {
      if (image.build) {
        progress(`building ${image.ref}`);
        return runtime
          .buildImage(image.build, (line) => progress(`${image.ref}: ${line}`))
          .catch((error: Error) => {
            throw new EnvironmentError("E_IMAGE_BUILD", `Building image "${image.ref}" from ${image.build!.context} failed: ${error.message}`, {
              cause: error,
            });
          });
      }
      if (policy !== "always" && (await runtime.hasImage(image.ref))) return;
      if (policy === "never") {
        throw new EnvironmentError(
          "E_IMAGE_MISSING",
          `Image "${image.ref}" is not on the engine, and --pull never forbids pulling it. Pull or build it first (\`lab doctor --fix\` builds busybox, nginx and redis offline), or allow pulling with --pull missing.`,
        );
      }
      progress(`pulling ${image.ref}`);
      await runtime
        .pullImage(image.ref, (line) => progress(`${image.ref}: ${line}`))
        .catch((error: Error) => {
          throw new EnvironmentError(
            "E_IMAGE_PULL",
            `Image "${image.ref}" is not on the engine and pulling it failed: ${error.message}. Check the name, or build it locally (\`lab doctor --fix\` builds busybox, nginx and redis offline).`,
            { cause: error },
          );
        });
    }),
  );
}
