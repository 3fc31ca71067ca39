import { ProbeError } from "../errors.js";
import { labelsFor, probeName } from "../plan/labels.js";
import type { Plan } from "../plan/plan.js";
import type { EngineRef, ExecResult, Runtime } from "../runtime/runtime.js";
import type { Tracker } from "../teardown/tracker.js";
import type { NameMap } from "./name-map.js";

/** A probe container only idles; the teardown removes it by force. */
const IDLE = ["sleep", "2147483647"];
const EXEC_TIMEOUT_MS = 15_000;

/**
 * The probe containers of a scenario. Probes run from a probe container that shares the
 * target's network namespace (`--network container:<target>`), so they see its interfaces,
 * /etc/hosts and resolv.conf without needing tools in its image. One probe container per
 * target, reused until the target gets a new namespace (it stopped, restarted or went).
 * Creation and removal run in the background; `settle` waits for them before the teardown.
 */
export class ProbePool {
  private readonly probes = new Map<string, Promise<EngineRef>>();
  /** Probe containers created while their target starts, not started yet (undefined: the create failed). */
  private readonly prepared = new Map<string, Promise<EngineRef | undefined>>();
  private generation = 0;
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly runtime: Runtime,
    private readonly plan: Plan,
    private readonly names: NameMap,
    private readonly tracker: Tracker,
  ) {}

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

  /** The target (re)started, stopped or went: its probe container is removed, and the next probe makes a new one. */
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

  private probeFor(container: string): Promise<EngineRef> {
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

  private async createProbe(container: string): Promise<EngineRef> {
    const prepared = this.prepared.get(container);
    this.prepared.delete(container);
    let id: EngineRef | undefined;
    try {
      id = (await prepared) ?? (await this.createProbeContainer(container));
      await this.runtime.lifecycle(id, "start");
      return id;
    } catch (error) {
      if (id) await this.runtime.removeContainer(id).then(() => this.tracker.forget(id!), () => undefined);
      const reason = this.names.inScenarioTerms((error as Error).message);
      throw new ProbeError(`could not start a probe container in the network namespace of ${container}: ${reason}`, { cause: error });
    }
  }

  /** Creates (does not start) a probe container in the namespace of `container`, tracked at once. */
  private async createProbeContainer(container: string): Promise<EngineRef> {
    const name = probeName(this.plan.runId, this.plan.scenario.name, container, ++this.generation);
    const id = await this.runtime.createContainer({
      name,
      image: this.plan.probeImage,
      command: IDLE,
      entrypoint: [],
      environment: {},
      labels: labelsFor(this.plan.runId, this.plan.scenario.name, container, "probe"),
      init: false,
      ports: [],
      networkMode: `container:${this.names.container(container)}`,
      networks: [],
      links: [],
    });
    this.tracker.track({ kind: "container", id, name });
    return id;
  }
}
