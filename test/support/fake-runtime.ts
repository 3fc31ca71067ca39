import { EngineError } from "../../src/errors.js";
import type { ContainerCreate, ContainerInfo, EngineInfo, ExecResult, LifecycleAction, NetworkCreate, Resource, Runtime } from "../../src/runtime/runtime.js";

/**
 * An in-memory engine for unit tests of pure logic (ordering, tracking, decisions). It
 * records every call; `fail` makes a named operation throw like the engine would.
 */
export class FakeRuntime implements Runtime {
  readonly calls: string[] = [];
  readonly containers = new Map<string, { spec: ContainerCreate; status: string; labels: Record<string, string> }>();
  readonly networks = new Map<string, NetworkCreate>();
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
  async hasImage(ref: string): Promise<boolean> {
    this.check(`hasImage ${ref}`);
    return this.images.has(ref);
  }
  async pullImage(ref: string): Promise<void> {
    this.check(`pull ${ref}`);
    this.images.add(ref);
  }
  async buildImage(spec: { tag: string }): Promise<void> {
    this.check(`build ${spec.tag}`);
    this.images.add(spec.tag);
  }
  async createNetwork(spec: NetworkCreate): Promise<string> {
    this.check(`createNetwork ${spec.name}`);
    const id = `net${++this.next}`;
    this.networks.set(id, spec);
    return id;
  }
  async removeNetwork(id: string): Promise<void> {
    this.check(`removeNetwork ${id}`);
    this.networks.delete(id);
  }
  async connect(network: string, container: string): Promise<void> {
    this.check(`connect ${network} ${container}`);
  }
  async disconnect(network: string, container: string): Promise<void> {
    this.check(`disconnect ${network} ${container}`);
  }
  async inspectNetwork(id: string): Promise<Record<string, unknown>> {
    this.check(`inspectNetwork ${id}`);
    return { Id: id, Containers: {} };
  }
  async createContainer(spec: ContainerCreate): Promise<string> {
    this.check(`createContainer ${spec.name}`);
    const id = `ctr${++this.next}`;
    this.containers.set(id, { spec, status: "created", labels: spec.labels });
    return id;
  }
  async putFiles(container: string): Promise<void> {
    this.check(`putFiles ${container}`);
  }
  async lifecycle(id: string, action: LifecycleAction): Promise<void> {
    this.check(`${action} ${this.containers.get(id)?.spec.name ?? id}`);
    const c = this.containers.get(id);
    if (!c) throw new EngineError(`No such container: ${id}`, 404);
    c.status = { start: "running", restart: "running", unpause: "running", stop: "exited", kill: "exited", pause: "paused" }[action];
  }
  async removeContainer(id: string): Promise<void> {
    this.check(`removeContainer ${id}`);
    this.containers.delete(id);
  }
  async inspectContainer(id: string): Promise<ContainerInfo> {
    this.check(`inspectContainer ${id}`);
    const c = this.containers.get(id);
    if (!c) throw new EngineError(`No such container: ${id}`, 404);
    return { id, name: c.spec.name, status: c.status, running: c.status === "running", exitCode: 0, error: "", pid: 1, startedAt: "", raw: { NetworkSettings: { Networks: {} } } };
  }
  async exec(container: string, argv: string[]): Promise<ExecResult> {
    this.check(`exec ${container}`);
    return this.execResult(container, argv);
  }
  async logs(): Promise<string> {
    return "";
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
  async list(labels: Record<string, string | undefined>): Promise<Resource[]> {
    const match = (l: Record<string, string>): boolean => Object.entries(labels).every(([k, v]) => (v === undefined ? k in l : l[k] === v));
    return [
      ...[...this.containers].filter(([, c]) => match(c.labels)).map(([id, c]): Resource => ({ kind: "container", id, name: c.spec.name, labels: c.labels, created: new Date(0) })),
      ...[...this.networks].filter(([, n]) => match(n.labels)).map(([id, n]): Resource => ({ kind: "network", id, name: n.name, labels: n.labels, created: new Date(0) })),
    ];
  }
}

/** A clock that advances only when slept on: retries run instantly and deterministically. */
export const fakeClock = (): { now(): number; sleep(ms: number): Promise<void> } => {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms) };
};
