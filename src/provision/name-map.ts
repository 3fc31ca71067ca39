import type { Plan } from "../plan/plan.js";
import { engineRef, type EngineRef } from "../runtime/runtime.js";

/** The scenario's names and the engine's ids of what provisioning made: read-only for everyone after `applyPlan`. */
export interface NameMap {
  /** Created containers, scenario name to engine id. */
  readonly containers: ReadonlyMap<string, EngineRef>;
  /** Created networks, scenario name to engine id. */
  readonly networks: ReadonlyMap<string, EngineRef>;
  /** The engine id of a scenario container; its planned real name before it exists. */
  container(name: string): EngineRef;
  /** The engine id of a scenario network; `bridge`, `host` and `none` are the engine's own names. */
  network(name: string): EngineRef;
  /** The planned real name of a scenario container. */
  realName(container: string): string;
  /** The engine's refusals name containers and networks by id ("No such container: 3f9a…"); reports speak the scenario's names. */
  inScenarioTerms(text: string): string;
}

/** The one writable `NameMap`: `applyPlan` records each resource the moment the engine made it. */
export class NameRegistry implements NameMap {
  private readonly c = new Map<string, EngineRef>();
  private readonly n = new Map<string, EngineRef>();

  constructor(private readonly plan: Plan) {}

  get containers(): ReadonlyMap<string, EngineRef> {
    return this.c;
  }

  get networks(): ReadonlyMap<string, EngineRef> {
    return this.n;
  }

  recordContainer(name: string, id: EngineRef): void {
    this.c.set(name, id);
  }

  recordNetwork(name: string, id: EngineRef): void {
    this.n.set(name, id);
  }

  container(name: string): EngineRef {
    // A name the plan does not know goes to the engine as written: the engine's refusal then names it.
    return this.c.get(name) ?? engineRef(this.realName(name));
  }

  network(name: string): EngineRef {
    return this.n.get(name) ?? engineRef(this.plan.networks.find((n) => n.name === name)?.create.name ?? name);
  }

  realName(container: string): string {
    return this.plan.containers.find((c) => c.name === container)?.create.name ?? container;
  }

  inScenarioTerms(text: string): string {
    let out = text;
    for (const [name, id] of [...this.c, ...this.n]) out = out.replaceAll(id, name).replaceAll(id.slice(0, 12), name);
    return out;
  }
}
