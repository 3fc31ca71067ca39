import { realName } from "../plan/labels.js";
import type { NameMap } from "../provision/name-map.js";
import { engineRef, type EngineRef } from "../runtime/runtime.js";
import type { Binding } from "./bind-world.js";

/**
 * The name map of `lab check`: the file's names to the ids of the containers and networks
 * that were already there. A name that did not bind goes to the engine as written, so that
 * a step naming it fails with the engine's own "No such container". Only the probe
 * containers lab makes get names of their own (`lab-<run>-<scenario>.probeN--<name>`).
 */
export class BoundNames implements NameMap {
  readonly containers: ReadonlyMap<string, EngineRef>;
  readonly networks: ReadonlyMap<string, EngineRef>;
  private readonly reals: [string, string][];

  constructor(
    binding: Binding,
    private readonly runId: string,
    private readonly scenario: string,
  ) {
    this.containers = new Map([...binding.containers].map(([name, info]) => [name, info.id]));
    this.networks = new Map([...binding.networks].map(([name, info]) => [name, info.id]));
    // Longest first, so that `shop_web_1` is not half-replaced by a shorter name inside it.
    this.reals = [...binding.containers, ...binding.networks]
      .map(([name, info]): [string, string] => [info.name, name])
      .filter(([real, name]) => real !== name)
      .sort((a, b) => b[0].length - a[0].length);
  }

  container(name: string): EngineRef {
    return this.containers.get(name) ?? engineRef(name);
  }

  network(name: string): EngineRef {
    return this.networks.get(name) ?? engineRef(name);
  }

  /** Only probe containers are named from this: unique per run, as everything lab creates. */
  realName(container: string): string {
    return realName(this.runId, this.scenario, container);
  }

  inScenarioTerms(text: string): string {
    let out = text;
    for (const [name, id] of [...this.containers, ...this.networks]) out = out.replaceAll(id, name).replaceAll(id.slice(0, 12), name);
    for (const [real, name] of this.reals) out = out.replaceAll(real, name);
    return out;
  }
}
