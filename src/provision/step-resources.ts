import { EngineError } from "../errors.js";
import { realName } from "../plan/labels.js";
import type { Plan } from "../plan/plan.js";
import type { EngineRef, Runtime } from "../runtime/runtime.js";
import type { Tracker } from "../teardown/tracker.js";
import type { NameRegistry } from "./name-map.js";

/**
 * What `create_network` and `create` steps make: the plan's own declaration of the network
 * or container, created at the step instead of at provisioning. Each is tracked the moment
 * the engine made it and carries the run's labels, so the teardown (and `lab clean --run`)
 * removes it like any other; a network made again after a `remove_network` gets its new id.
 */
export class StepResources {
  constructor(
    private readonly runtime: Runtime,
    private readonly plan: Plan,
    private readonly tracker: Tracker,
    private readonly names: NameRegistry,
  ) {}

  async createNetwork(name: string): Promise<EngineRef> {
    const planned = this.plan.networks.find((n) => n.name === name);
    if (!planned) throw new EngineError(`network ${name} is not declared`);
    const id = await this.runtime.createNetwork(planned.create);
    this.tracker.track({ kind: "network", id, name: planned.create.name });
    this.names.recordNetwork(name, id);
    return id;
  }

  /** `docker rename` to the run's real name of `to`. The id, and so the tracking and the name map, stay. */
  async renameContainer(name: string, to: string): Promise<string> {
    const real = realName(this.plan.runId, this.plan.scenario.name, to);
    await this.runtime.renameContainer(this.names.container(name), real);
    return real;
  }

  async createContainer(name: string): Promise<EngineRef> {
    const planned = this.plan.containers.find((c) => c.name === name);
    if (!planned) throw new EngineError(`container ${name} is not declared`);
    const id = await this.runtime.createContainer(planned.create);
    this.tracker.track({ kind: "container", id, name: planned.create.name });
    this.names.recordContainer(name, id);
    if (Object.keys(planned.files).length > 0) await this.runtime.putFiles(id, planned.files);
    return id;
  }
}
