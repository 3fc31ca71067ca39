import type { EngineRef, Endpoint, ExecResult, Runtime } from "../runtime/runtime.js";
import type { World } from "../steps/step-kind.js";
import type { NameMap } from "./name-map.js";
import type { ProbePool } from "./probe-pool.js";
import type { StepResources } from "./step-resources.js";

/**
 * The provisioned world as steps see it, in the scenario's names: the name map for the
 * engine's ids, the probe pool for commands in a namespace, and the current addresses,
 * read from the engine at each look since a restart or a reconnect changes them.
 */
export class LiveWorld implements World {
  constructor(
    private readonly runtime: Runtime,
    private readonly names: NameMap,
    private readonly pool: ProbePool,
    readonly engineIsRemote: boolean,
    private readonly resources?: StepResources,
  ) {}

  async createNetwork(name: string): Promise<EngineRef> {
    if (!this.resources) throw new Error("this world cannot create networks");
    return this.resources.createNetwork(name);
  }

  async createContainer(name: string): Promise<EngineRef> {
    if (!this.resources) throw new Error("this world cannot create containers");
    return this.resources.createContainer(name);
  }

  async renameContainer(name: string, to: string): Promise<string> {
    if (!this.resources) throw new Error("this world cannot rename containers");
    return this.resources.renameContainer(name, to);
  }

  container(name: string): EngineRef {
    return this.names.container(name);
  }

  network(name: string): EngineRef {
    return this.names.network(name);
  }

  inScenarioTerms(text: string): string {
    return this.names.inScenarioTerms(text);
  }

  aliasesOf(container: string): string[] {
    return [container];
  }

  inNamespace(container: string, argv: string[], timeoutMs?: number, find?: string[]): Promise<ExecResult> {
    return this.pool.inNamespace(container, argv, timeoutMs, find);
  }

  namespaceChanged(container: string): void {
    this.pool.namespaceChanged(container);
  }

  async addressesOf(container: string): Promise<string[]> {
    return Object.values(await this.endpointsOf(container))
      .map((e) => e.ipv4)
      .filter((ip) => ip !== "");
  }

  async addressFor(container: string, from: string): Promise<string | undefined> {
    const [theirs, mine] = await Promise.all([this.endpointsOf(container), from === "host" ? Promise.resolve({}) : this.endpointsOf(from).catch(() => ({}))]);
    const shared = Object.keys(theirs).find((n) => n in mine && theirs[n]?.ipv4);
    return (shared ? theirs[shared]?.ipv4 : Object.values(theirs).find((e) => e.ipv4)?.ipv4) || undefined;
  }

  /** The container's endpoints by real network name, as inspect shows them now. */
  private async endpointsOf(container: string): Promise<Record<string, Endpoint>> {
    return (await this.runtime.inspectContainer(this.container(container))).endpoints;
  }
}
