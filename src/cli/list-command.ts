import { ValidationError } from "../errors.js";
import { topologyOf } from "../graph/topology.js";
import { topologyLine } from "../graph/topology-line.js";
import { loadScenarios } from "../scenario/load-scenario.js";

/** `lab list`: what each scenario teaches and what it declares, its topology in one line. */
export async function listCommand(paths: string[]): Promise<number> {
  const { scenarios, diagnostics } = await loadScenarios(paths);
  if (diagnostics.length > 0) throw new ValidationError(diagnostics);
  for (const s of scenarios) {
    const counts = [plural(s.containers.length, "container"), plural(s.networks.length, "network"), plural(s.steps.length, "step")].join(", ");
    process.stdout.write(`${s.name}  ${s.file}\n  ${counts}${s.tags.length ? `; tags: ${s.tags.join(", ")}` : ""}\n  ${topologyLine(topologyOf(s))}\n`);
    if (s.description) process.stdout.write(`  ${s.description.replace(/\s+/g, " ")}\n`);
  }
  return 0;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
