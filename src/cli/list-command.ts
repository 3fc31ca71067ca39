import { ValidationError } from "../errors.js";
import { loadScenarios } from "../scenario/load-scenario.js";

/** `lab list`: what each scenario teaches and what it declares. */
export async function listCommand(paths: string[]): Promise<number> {
  const { scenarios, diagnostics } = await loadScenarios(paths);
  if (diagnostics.length > 0) throw new ValidationError(diagnostics);
  for (const s of scenarios) {
    const counts = `${s.containers.length} containers, ${s.networks.length} networks, ${s.steps.length} steps`;
    process.stdout.write(`${s.name}  ${s.file}\n  ${counts}${s.tags.length ? `; tags: ${s.tags.join(", ")}` : ""}\n`);
    if (s.description) process.stdout.write(`  ${s.description.replace(/\s+/g, " ")}\n`);
  }
  return 0;
}
