import type { Clock } from "../../src/clock.js";
import { EngineError } from "../../src/errors.js";
import {
  engineRef,
  type ContainerCreate,
  type ContainerInfo,
  type EngineInfo,
  type EngineRef,
  type ExecResult,
  type LifecycleAction,
  type LogOutput,
  type NetworkCreate,
  type NetworkInfo,
  type Resource,
  type Runtime,
  type SwarmState,
} from "../../src/runtime/runtime.js";

/**
 * An in-memory engine for unit tests of pure logic (ordering, tracking, decisions). It
 * records every call; `fail` makes a named operation throw like the engine would.
 */
export class FakeRuntime implements Runtime {
  readonly calls: string[] = [];
  readonly containers = new Map<string, { spec: ContainerCreate; status: string; labels: Record<string, string>; exitCode: number }>();
  readonly networks = new Map<string, NetworkCreate>();
  /** Network id to the ids of the containers connected to it (at creation or by `connect`). */
  readonly memberships = new Map<string, Set<string>>();
  readonly images = new Set<string>(["busybox"]);
  fail: Record<string, string> = {};
  execResult: (container: string, argv: string[]) => ExecResult = () => ({ exitCode: 0, stdout: "", stderr: "" });
  private next = 0;

  private check(op: string): void {
    this.calls.push(op);
    const message = this.fail[op];
    if (message) throw new EngineError(message, 500);
  }

  async info(): Promise<EngineInfo> {
    this.check("info");
    return { version: "fake", apiVersion: "1.41", os: "linux", remote: false, endpoint: "fake://" };
  }
  /** What `swarmState` answers: not a swarm, as a fresh engine; a test of overlay networks sets `active`. */
  swarm: SwarmState = "inactive";
  async swarmState(): Promise<SwarmState> {
    this.check("swarmState");
    return this.swarm;
  }
  async hasImage(ref: string): Promise<boolean> {
    this.check(`hasImage ${ref}`);
    return this.images.has(ref);
  }
  /** Image ids by reference; a reference without one has the id `sha256:<ref>`. Two refs with the same id are the same image. */
  readonly imageIds = new Map<string, string>();
  async imageId(ref: string): Promise<string | undefined> {
    this.check(`imageId ${ref}`);
    return this.images.has(ref) ? (this.imageIds.get(ref) ?? `sha256:${ref}`) : undefined;
  }
  async pullImage(ref: string): Promise<void> {
    this.check(`pull ${ref}`);
    this.images.add(ref);
  }
  async buildImage(spec: { tag: string }): Promise<void> {
    this.check(`build ${spec.tag}`);
    this.images.add(spec.tag);
  }
  async createNetwork(spec: NetworkCreate): Promise<EngineRef> {
    this.check(`createNetwork ${spec.name}`);
    const id = engineRef(`net${++this.next}`);
    this.networks.set(id, spec);
    return id;
  }
  async removeNetwork(id: EngineRef): Promise<void> {
    this.check(`removeNetwork ${id}`);
    this.networks.delete(id);
  }
  async connect(network: EngineRef, container: EngineRef): Promise<void> {
    this.check(`connect ${network} ${container}`);
    this.join(network, container);
  }
  async disconnect(network: EngineRef, container: EngineRef): Promise<void> {
    this.check(`disconnect ${network} ${container}`);
    this.memberships.get(this.networkId(network))?.delete(container);
  }
  async inspectNetwork(id: EngineRef): Promise<NetworkInfo> {
    this.check(`inspectNetwork ${id}`);
    const spec = this.networks.get(id);
    if (!spec) throw new EngineError(`network ${id} not found`, 404);
    const containers = [...(this.memberships.get(id) ?? [])].map((c) => ({
      id: engineRef(c),
      name: this.containers.get(c)?.spec.name ?? c,
      endpointId: `ep-${c}`,
      mac: "",
      ipv4: "",
      ipv6: "",
    }));
    return {
      id,
      name: engineRef(spec.name),
      driver: spec.driver,
      internal: spec.internal,
      subnets: spec.ipam.map((p) => ({ subnet: p.subnet, gateway: p.gateway })),
      options: {},
      labels: spec.labels,
      containers,
      raw: { Id: id, Name: spec.name },
    };
  }
  async createContainer(spec: ContainerCreate): Promise<EngineRef> {
    this.check(`createContainer ${spec.name}`);
    const id = engineRef(`ctr${++this.next}`);
    this.containers.set(id, { spec, status: "created", labels: spec.labels, exitCode: 0 });
    for (const n of spec.networks) this.join(n.network, id);
    return id;
  }
  async putFiles(container: EngineRef): Promise<void> {
    this.check(`putFiles ${container}`);
  }
  async lifecycle(id: EngineRef, action: LifecycleAction): Promise<void> {
    this.check(`${action} ${this.containers.get(id)?.spec.name ?? id}`);
    const c = this.containers.get(id);
    if (!c) throw new EngineError(`No such container: ${id}`, 404);
    c.status = { start: "running", restart: "running", unpause: "running", stop: "exited", kill: "exited", pause: "paused" }[action];
  }
  async renameContainer(id: EngineRef, name: string): Promise<void> {
    this.check(`rename ${this.containers.get(id)?.spec.name ?? id} ${name}`);
    const c = this.containers.get(id);
    if (!c) throw new EngineError(`No such container: ${id}`, 404);
    c.spec = { ...c.spec, name };
  }
  async removeContainer(id: EngineRef): Promise<void> {
    this.check(`removeContainer ${id}`);
    this.containers.delete(id);
    for (const m of this.memberships.values()) m.delete(id);
  }
  async inspectContainer(id: EngineRef): Promise<ContainerInfo> {
    this.check(`inspectContainer ${id}`);
    const c = this.containers.get(id);
    if (!c) throw new EngineError(`No such container: ${id}`, 404);
    const endpoints = Object.fromEntries(
      [...this.memberships]
        .filter(([, m]) => m.has(id))
        .map(([n]) => [this.networks.get(n)?.name ?? n, { networkId: engineRef(n), ipv4: "", ipv6: "", mac: "", aliases: [], links: [] }]),
    );
    const running = c.status === "running";
    return {
      id,
      name: engineRef(c.spec.name),
      status: c.status,
      running,
      exitCode: c.exitCode,
      error: "",
      pid: running ? 1 : 0,
      startedAt: "",
      networkMode: c.spec.networkMode,
      endpoints,
      ports: {},
      raw: { Id: id, Name: `/${c.spec.name}` },
    };
  }
  /** The container exited on its own (killed from outside): no call of lab did it. */
  exitBehindOurBack(id: string, exitCode: number): void {
    const c = this.containers.get(id);
    if (c) Object.assign(c, { status: "exited", exitCode });
  }
  async exec(container: EngineRef, argv: string[]): Promise<ExecResult> {
    this.check(`exec ${container}`);
    return this.execResult(container, argv);
  }
  async logs(): Promise<LogOutput> {
    return { text: "" };
  }
  async top(): Promise<{ titles: string[]; processes: string[][] }> {
    return { titles: [], processes: [] };
  }
  async stats(): Promise<Record<string, unknown>> {
    return {};
  }
  async waitForEvent(): Promise<string> {
    return "health_status: healthy";
  }
  private networkId(nameOrId: string): string {
    return this.networks.has(nameOrId) ? nameOrId : ([...this.networks].find(([, n]) => n.name === nameOrId)?.[0] ?? nameOrId);
  }
  private join(network: string, container: string): void {
    const id = this.networkId(network);
    if (!this.memberships.has(id)) this.memberships.set(id, new Set());
    this.memberships.get(id)!.add(container);
  }
  async list(labels: Record<string, string | undefined>): Promise<Resource[]> {
    const match = (l: Record<string, string>): boolean => Object.entries(labels).every(([k, v]) => (v === undefined ? k in l : l[k] === v));
    return [
      ...[...this.containers]
        .filter(([, c]) => match(c.labels))
        .map(([id, c]): Resource => ({ kind: "container", id: engineRef(id), name: c.spec.name, labels: c.labels, created: new Date(0) })),
      ...[...this.networks]
        .filter(([, n]) => match(n.labels))
        .map(([id, n]): Resource => ({ kind: "network", id: engineRef(id), name: n.name, labels: n.labels, created: new Date(0) })),
    ];
  }
}

export interface FakeClock extends Clock {
  /** Moves time on by `ms`, firing the timers that fall due. */
  advance(ms: number): void;
}

/**
 * A clock that advances only when slept on or advanced: retries run instantly and
 * deterministically, and a timer fires once the time it waits for has been slept through.
 */
export const fakeClock = (): FakeClock => {
  let t = 0;
  const timers = new Set<{ at: number; fire: () => void }>();
  const advance = (ms: number): void => {
    t += ms;
    for (const timer of [...timers].sort((a, b) => a.at - b.at)) {
      if (timer.at > t) break;
      timers.delete(timer);
      timer.fire();
    }
  };
  return {
    now: () => t,
    sleep: async (ms: number) => advance(ms),
    timer: (ms: number, fire: () => void) => {
      const timer = { at: t + ms, fire };
      timers.add(timer);
      return () => void timers.delete(timer);
    },
    advance,
  };
};
