import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runLab, type LabOptions } from "../../src/api/run-lab.js";
import type { RunEvent, ScenarioResult, StepResult } from "../../src/report/events.js";

/** Writes `yaml` to a fresh directory and runs it through the programmatic API; results come back as data. */
export async function runYaml(yaml: string, options: Partial<LabOptions> = {}, extraFiles: Record<string, string> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "lab-api-"));
  await writeFile(join(dir, "scenario.yaml"), yaml);
  for (const [name, content] of Object.entries(extraFiles)) await writeFile(join(dir, name), content);
  const events: RunEvent[] = [];
  const { summary, results } = await runLab({ paths: [join(dir, "scenario.yaml")], reporters: [{ onEvent: (e) => events.push(e) }], ...options });
  const result = results[0] as ScenarioResult;
  const step = (name: string): StepResult => {
    const found = result.steps.find((s) => s.name === name);
    if (!found) throw new Error(`no step named ${JSON.stringify(name)}; steps: ${result.steps.map((s) => s.name).join(" | ")}`);
    return found;
  };
  return { summary, result, events, step, dir };
}
