import { ProbeError } from "../errors.js";
import { labelsFor } from "../plan/labels.js";
import type { Plan } from "../plan/plan.js";
import type { ExecResult, Runtime } from "../runtime/runtime.js";
import type { World } from "../steps/step-kind.js";
import type { Tracker } from "../teardown/tracker.js";

/** A probe container only idles; the teardown removes it by force. */
const IDLE = ["sleep", "2147483647"];
const EXEC_TIMEOUT_MS = 15_000;

/**
 * The provisioned world in the scenario's names. Probes run from a probe container that
 * shares the target's network namespace (`--network container:<target>`), so they see
 * its interfaces, /etc/hosts and resolv.conf without needing tools in its image. One
 * probe container per target, reused until the target gets a new namespace.
 */
export class LiveWorld implements World {
  readonly containers = new Map<string, string>();
  readonly networks = new Map<string, string>();
  private readonly probes = new Map<string, Promise<string>>();
  /** Probe containers created while their target starts, not started yet (undefined: the create failed). */
  private readonly prepared = new Map<string, Promise<string | undefined>>();
  private generation = 0;
  /** Probe containers being made or removed in the background; the teardown waits for them. */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly plan: Plan,
    private readonly tracker: Tracker,
    readonly engineIsRemote: boolean,
  ) {}

  container(name: string): string {
    return this.containers.get(name) ?? this.plan.containers.find((c) => c.name === name)?.create.name ?? name;
  }

  network(name: string): string {
    return this.networks.get(name) ?? this.plan.networks.find((n) => n.name === name)?.create.name ?? name;
  }

  /** The engine's refusals name containers and networks by id ("No such container: 3f9a…"); reports speak the scenario's names. */
  inScenarioTerms(text: string): string {
    let out = text;
    for (const [name, id] of [...this.containers, ...this.networks]) out = out.replaceAll(id, name).replaceAll(id.slice(0, 12), name);
    return out;
  }

  aliasesOf(container: string): string[] {
    return [container];
  }

  /**
   * Creates the target's probe container while the target is still starting (a container can
   * join a namespace that does not run yet; it is started by `warm`), so that the create is
   * off the way to the first probe. A failure here is met again, and reported, by the probe.
   */
  prepare(container: string): void {
    if (this.probes.has(container) || this.prepared.has(container)) return;
    const created = this.createProbeContainer(container).catch(() => undefined);
    this.prepared.set(container, created);
    this.background(created);
  }

  /** Starts the target's probe container now, so that the first probe does not wait for it. */
  warm(container: string): void {
    this.probeFor(container).catch(() => undefined);
  }

  async inNamespace(container: string, argv: string[], timeoutMs = EXEC_TIMEOUT_MS): Promise<ExecResult> {
    const probe = await this.probeFor(container);
    try {
      return await this.runtime.exec(probe, argv, { timeoutMs });
    } catch (error) {
      // The target stopped or restarted behind our back: the next attempt makes a new probe container.
      this.namespaceChanged(container);
      throw new ProbeError(`could not run the probe in ${container}: ${(error as Error).message}`, { cause: error });
    }
  }

  namespaceChanged(container: string): void {
    const old = this.probes.get(container);
    if (!old) return;
    this.probes.delete(container);
    this.background(
      old.then(
        (id) => this.runtime.removeContainer(id).then(() => this.tracker.forget(id)),
        () => undefined,
      ),
    );
  }

  /** Resolves once no probe container is being made or removed, so that the teardown sees them all. */
  async settle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private background(p: Promise<unknown>): void {
    const tracked = p.catch(() => undefined).finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }

  async addressesOf(container: string): Promise<string[]> {
    return Object.values(await this.endpointsOf(container))
      .map((n) => n.IPAddress)
      .filter((ip): ip is string => !!ip);
  }

  async addressFor(container: string, from: string): Promise<string | undefined> {
    const [theirs, mine] = await Promise.all([this.endpointsOf(container), from === "host" ? Promise.resolve({}) : this.endpointsOf(from).catch(() => ({}))]);
    const shared = Object.keys(theirs).find((n) => n in mine && theirs[n]?.IPAddress);
    return (shared ? theirs[shared]?.IPAddress : Object.values(theirs).find((n) => n.IPAddress)?.IPAddress) || undefined;
  }

  /** The container's endpoints by real network name, as inspect shows them now. */
  private async endpointsOf(container: string): Promise<Record<string, { IPAddress?: string }>> {
    const info = await this.runtime.inspectContainer(this.container(container));
    return (info.raw.NetworkSettings as { Networks?: Record<string, { IPAddress?: string }> } | undefined)?.Networks ?? {};
  }

  private probeFor(container: string): Promise<string> {
    let probe = this.probes.get(container);
    if (!probe) {
      probe = this.createProbe(container);
      this.probes.set(container, probe);
      this.background(probe);
      probe.catch(() => {
        if (this.probes.get(container) === probe) this.probes.delete(container);
      });
    }
    return probe;
  }

  private async createProbe(container: string): Promise<string> {
    const prepared = this.prepared.get(container);
    this.prepared.delete(container);
    let id: string | undefined;
    try {
      id = (await prepared) ?? (await this.createProbeContainer(container));
      await this.runtime.lifecycle(id, "start");
      return id;
    } catch (error) {
      if (id) await this.runtime.removeContainer(id).then(() => this.tracker.forget(id!), () => undefined);
      const reason = this.inScenarioTerms((error as Error).message);
      throw new ProbeError(`could not start a probe container in the network namespace of ${container}: ${reason}`, { cause: error });
    }
  }

  /** Creates (does not start) a probe container in the namespace of `container`, tracked at once. */
  private async createProbeContainer(container: string): Promise<string> {
    const target = this.container(container);
    const name = `${this.plan.containers.find((c) => c.name === container)?.create.name ?? target}-probe${++this.generation}`;
    const id = await this.runtime.createContainer({
      name,
      image: this.plan.probeImage,
      command: IDLE,
      entrypoint: [],
      environment: {},
      labels: labelsFor(this.plan.runId, this.plan.scenario.name, container, "probe"),
      init: false,
      ports: [],
      networkMode: `container:${target}`,
      networks: [],
      links: [],
    });
    this.tracker.track({ kind: "container", id, name });
    return id;
  }
}
