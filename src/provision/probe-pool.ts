import { ProbeError } from "../errors.js";
import { labelsFor, probeName } from "../plan/labels.js";
import type { Plan, PlannedContainer } from "../plan/plan.js";
import type { EngineRef, ExecResult, Runtime } from "../runtime/runtime.js";
import type { Tracker } from "../teardown/tracker.js";
import type { NameMap } from "./name-map.js";

/** A probe container only idles; the teardown removes it by force. */
const IDLE = ["sleep", "2147483647"];
const EXEC_TIMEOUT_MS = 15_000;

/** Where a target's probes run: in the target itself, or from a probe container in its namespace. */
export type ProbeMode = "in place" | "probe container";

/**
 * The probe containers of a scenario. Probes run from a probe container that shares the
 * target's network namespace (`--network container:<target>`), so they see its interfaces,
 * /etc/hosts and resolv.conf without needing tools in its image. One probe container per
 * target, reused until the target gets a new namespace (it stopped, restarted or went).
 * Creation and removal run in the background; `settle` waits for them before the teardown.
 *
 * A target that is the probe container already (the probe image's own id, as root, in a
 * namespace of its own, nothing of the scenario's changing what a command sees: see
 * `inPlaceCandidate`) gets no probe container: its probes exec in the target itself, which
 * sees the same binary, namespace, /etc/hosts and resolv.conf, and saves a container's start.
 */
export class ProbePool {
  private readonly probes = new Map<string, Promise<EngineRef>>();
  private readonly modes = new Map<string, Promise<ProbeMode>>();
  private readonly imageIds = new Map<string, Promise<string | undefined>>();
  /** What each target's probes used, as decided: for `--timings`. */
  readonly decided = new Map<string, ProbeMode>();
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
    const created = this.modeOf(container)
      .then((mode) => (mode === "in place" ? undefined : this.createProbeContainer(container)))
      .catch(() => undefined);
    this.prepared.set(container, created);
    this.background(created);
  }

  /** Starts the target's probe container now, so that the first probe does not wait for it. */
  warm(container: string): void {
    this.probeFor(container).catch(() => undefined);
  }

  async inNamespace(container: string, argv: string[], timeoutMs = EXEC_TIMEOUT_MS, find?: string[]): Promise<ExecResult> {
    const probe = await this.probeFor(container);
    try {
      return await this.runtime.exec(probe, argv, find?.length ? { timeoutMs, find } : { timeoutMs });
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
    // In place, the "probe" is the target: nothing to remove.
    if (this.decided.get(container) === "in place") return;
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

  /**
   * Whether `container`'s probes run in place, decided once per target (its image and user
   * do not change): the scenario's rules first, then the engine's image ids. A failed look
   * at the images keeps the probe container.
   */
  modeOf(container: string): Promise<ProbeMode> {
    let mode = this.modes.get(container);
    if (!mode) {
      const c = this.plan.containers.find((x) => x.name === container);
      mode =
        !c || !inPlaceCandidate(c, this.plan)
          ? Promise.resolve<ProbeMode>("probe container")
          : this.sameImage(c.create.image, this.plan.probeImage).then(
              (same): ProbeMode => (same ? "in place" : "probe container"),
              (): ProbeMode => "probe container",
            );
      mode = mode.then((m) => {
        this.decided.set(container, m);
        return m;
      });
      this.modes.set(container, mode);
    }
    return mode;
  }

  private async sameImage(a: string, b: string): Promise<boolean> {
    const idOf = (ref: string): Promise<string | undefined> => {
      let id = this.imageIds.get(ref);
      if (!id) this.imageIds.set(ref, (id = this.runtime.imageId(ref)));
      return id;
    };
    const [x, y] = await Promise.all([idOf(a), idOf(b)]);
    return x !== undefined && x === y;
  }

  private async createProbe(container: string): Promise<EngineRef> {
    if ((await this.modeOf(container)) === "in place") return this.names.container(container);
    const prepared = this.prepared.get(container);
    this.prepared.delete(container);
    let id: EngineRef | undefined;
    try {
      id = (await prepared) ?? (await this.createProbeContainer(container));
      await this.runtime.lifecycle(id, "start");
      return id;
    } catch (error) {
      if (id)
        await this.runtime.removeContainer(id).then(
          () => this.tracker.forget(id!),
          () => undefined,
        );
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

const ROOT_USERS = new Set(["root", "0", "root:root", "0:0", "root:0", "0:root"]);

/** Kinds whose view of a target an exec in it would change: a paused target refuses execs; an exec shows in its process list. */
const SEES_EXECS = new Set(["pause", "unpause", "process", "host_process"]);

/**
 * The scenario's side of exec in place: the target runs as root (or as the image says, which
 * for the probe image is root), in a network namespace of its own (not the host's, not
 * another container's), with nothing of the scenario's that a probe's command would see
 * differently from a probe container: no environment, no working directory, no files put in
 * it, and no step that pauses it or lists its processes. The image is compared by the caller.
 */
export function inPlaceCandidate(c: PlannedContainer, plan: Plan): boolean {
  const spec = c.create;
  if (spec.user !== undefined && !ROOT_USERS.has(spec.user)) return false;
  if (spec.networkMode === "host" || spec.networkMode.startsWith("container:")) return false;
  if (Object.keys(spec.environment).length > 0 || spec.workingDir !== undefined || Object.keys(c.files).length > 0) return false;
  return !plan.steps.some(({ step }) => SEES_EXECS.has(step.kind) && names(step.args, c.name));
}

const names = (v: unknown, name: string): boolean =>
  typeof v === "string"
    ? v === name
    : Array.isArray(v)
      ? v.some((x) => names(x, name))
      : v !== null && typeof v === "object"
        ? Object.values(v).some((x) => names(x, name))
        : false;
