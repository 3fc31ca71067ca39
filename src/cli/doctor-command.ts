import { ExitCode, InputError, LabError, ValidationError } from "../errors.js";
import { buildPlan } from "../plan/build-plan.js";
import type { EngineInfo, Runtime } from "../runtime/runtime.js";
import { loadScenarios } from "../scenario/load-scenario.js";
import { buildOfflineImage, recipeFor, RECIPES, type Recipe } from "../setup/offline-images.js";

export interface DoctorFlags {
  fix?: boolean;
  /** `--build recipe[=tag]`, repeatable: build an offline image now, present or not. */
  build?: string[];
  probeImage: string;
}

interface Need {
  ref: string;
  scenarios: string[];
  /** Set when a scenario builds it from its own context (`images:`). */
  builtBy?: string;
}

/**
 * `lab doctor`: does an engine answer, which images the scenarios need and whether they are
 * there; `--fix` builds the missing ones that have an offline recipe. Exit 0 when all is
 * ready, 3 when something is missing, 2 for bad input (no engine call then).
 */
export async function doctorCommand(paths: string[], flags: DoctorFlags, runtime?: Runtime): Promise<number> {
  const builds = (flags.build ?? []).map(parseBuild);
  const { scenarios, diagnostics } = await loadScenarios(paths);
  if (diagnostics.length > 0) throw new ValidationError(diagnostics);
  const out = (line: string): boolean => process.stdout.write(`${line}\n`);

  const needs = new Map<string, Need>();
  for (const scenario of scenarios) {
    for (const image of buildPlan(scenario, { runId: "doctor", probeImage: flags.probeImage }).images) {
      const need = needs.get(image.ref) ?? { ref: image.ref, scenarios: [] };
      need.scenarios.push(scenario.name);
      if (image.build) need.builtBy = scenario.name;
      needs.set(image.ref, need);
    }
  }

  const rt = runtime ?? new (await import("../runtime/dockerode-runtime.js")).DockerodeRuntime();
  let engine: EngineInfo;
  try {
    engine = await rt.info();
  } catch (error) {
    if (!(error instanceof LabError)) throw error;
    out(`engine: no answer. ${error.message}`);
    return ExitCode.environment;
  }
  out(`engine: ok, Docker ${engine.version} (API ${engine.apiVersion}, ${engine.os}) at ${engine.endpoint}${engine.remote ? ", remote" : ""}`);

  let problems = 0;
  for (const { recipe, tag } of builds) problems += (await fix(recipe, tag, out)) ? 0 : 1;

  out(`images for ${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"}:`);
  const width = Math.max(0, ...[...needs.keys()].map((r) => r.length));
  for (const need of needs.values()) {
    const label = `  ${need.ref.padEnd(width)}`;
    const users = need.scenarios.length > 3 ? `${need.scenarios.slice(0, 3).join(", ")} and ${need.scenarios.length - 3} more` : need.scenarios.join(", ");
    if (need.builtBy) {
      out(`${label}  built by the scenario ${need.builtBy} at run time`);
      continue;
    }
    if (await rt.hasImage(need.ref)) {
      out(`${label}  present`);
      continue;
    }
    const recipe = recipeFor(need.ref);
    if (flags.fix && recipe) {
      if (await fix(recipe, need.ref, out, label)) continue;
    } else {
      out(
        `${label}  missing (used by ${users}); ${recipe ? "lab doctor --fix builds it offline, or docker pull it" : "docker pull it, or build it; lab has no offline recipe for it"}`,
      );
    }
    problems += 1;
  }
  if (problems === 0) out("ready");
  else if (!flags.fix && [...needs.values()].some((n) => recipeFor(n.ref))) out("not ready: run lab doctor --fix to build the missing offline images");
  else out("not ready");
  return problems === 0 ? ExitCode.passed : ExitCode.environment;
}

async function fix(recipe: Recipe, tag: string, out: (line: string) => void, label = `  ${tag}`): Promise<boolean> {
  const t0 = performance.now();
  const built = await buildOfflineImage(recipe, tag);
  if (built.ok) {
    out(`${label}  built offline from the ${recipe} recipe in ${((performance.now() - t0) / 1000).toFixed(1)}s`);
    return true;
  }
  out(`${label}  could not be built offline from the ${recipe} recipe:`);
  for (const line of built.output.split("\n").slice(-15)) out(`    ${line}`);
  return false;
}

function parseBuild(value: string): { recipe: Recipe; tag: string } {
  const [name, tag] = value.split("=", 2) as [string, string | undefined];
  const recipe = RECIPES.find((r) => r === name);
  if (!recipe) throw new InputError("E_USAGE", `--build ${value}: no offline recipe named "${name}"; the recipes are ${RECIPES.join(", ")}.`);
  if (tag !== undefined && !/^[a-z0-9][a-z0-9._/:-]*$/.test(tag))
    throw new InputError("E_USAGE", `--build ${value}: "${tag}" is not an image tag (lowercase letters, digits, . _ / : -).`);
  return { recipe, tag: tag ?? `${recipe}:latest` };
}
