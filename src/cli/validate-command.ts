import { formatDiagnostic, ValidationError } from "../errors.js";
import { loadScenarios } from "../scenario/load-scenario.js";

/** `lab validate`: schema and rules, every problem at once, no engine call. */
export async function validateCommand(paths: string[]): Promise<number> {
  const { scenarios, diagnostics, warnings } = await loadScenarios(paths);
  if (diagnostics.length > 0) throw new ValidationError(diagnostics);
  for (const w of warnings) process.stderr.write(`${formatDiagnostic(w)}\n`);
  process.stdout.write(`${scenarios.length} scenario${scenarios.length === 1 ? "" : "s"} valid\n`);
  return 0;
}
