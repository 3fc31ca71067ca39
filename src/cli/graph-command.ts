import { stat } from "node:fs/promises";
import { InputError, ValidationError } from "../errors.js";
import { GRAPH_FORMATS, type GraphFormat } from "../graph/render-graph.js";
import { topologyOf } from "../graph/topology.js";
import { loadScenarios } from "../scenario/load-scenario.js";

/** `lab graph FILE`: the topology the file declares, as a picture; no engine call. */
export async function graphCommand(file: string, o: { format: string }): Promise<number> {
  if (!Object.hasOwn(GRAPH_FORMATS, o.format))
    throw new InputError("E_USAGE", `--format ${o.format}: known formats are ${Object.keys(GRAPH_FORMATS).join(", ")}`);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new InputError("E_USAGE", `${file} is a directory; lab graph draws one scenario file`);
  const { scenarios, diagnostics } = await loadScenarios([file]);
  if (diagnostics.length > 0) throw new ValidationError(diagnostics);
  process.stdout.write(GRAPH_FORMATS[o.format as GraphFormat](topologyOf(scenarios[0]!)));
  return 0;
}
