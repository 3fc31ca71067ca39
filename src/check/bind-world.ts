import { EngineError } from "../errors.js";
import { engineRef, type ContainerInfo, type EngineRef, type NetworkInfo, type Resource, type Runtime } from "../runtime/runtime.js";
import type { Scenario } from "../scenario/types.js";

/** The compose labels lab binds by (Compose v1 and v2 write the same ones). */
export const COMPOSE = {
  project: "com.docker.compose.project",
  service: "com.docker.compose.service",
  number: "com.docker.compose.container-number",
  oneoff: "com.docker.compose.oneoff",
  network: "com.docker.compose.network",
} as const;

/** One name of the file, and what it is in the engine, if anything. */
export interface BoundName {
  kind: "container" | "network";
  /** The scenario's name. */
  name: string;
  /** Line of its declaration, else of its first use. */
  line: number;
  /** What lab looked for, in words: "a container named web", "service web of compose project shop". */
  lookedFor: string;
  /** Set when it exists. */
  container?: ContainerInfo;
  network?: NetworkInfo;
}

export interface Binding {
  names: BoundName[];
  containers: Map<string, ContainerInfo>;
  networks: Map<string, NetworkInfo>;
}

export interface BindOptions {
  /** `--compose-project`: names are services and networks of this project. */
  composeProject?: string;
}

/** Where a declaration is: the line of `containers.web`, `networks.app`. */
export type DeclarationLine = (kind: "containers" | "networks", name: string) => number;

/**
 * `lab check`'s provisioning: each name of the file (declared, or only used by a step) bound
 * to the container or network of the same name, or to a service and network of a compose
 * project. Only reads the engine. A name that is not there is kept, with what was looked for.
 */
export async function bindWorld(scenario: Scenario, runtime: Runtime, lineOf: DeclarationLine, o: BindOptions = {}): Promise<Binding> {
  const wanted = namesOf(scenario, lineOf);
  const project = o.composeProject;
  const members = project === undefined ? [] : await runtime.list({ [COMPOSE.project]: project });
  const names = await Promise.all(
    wanted.map(async (w): Promise<BoundName> => {
      if (w.kind === "network" && isEngineNetwork(w.name)) {
        return { ...w, lookedFor: `the engine's network "${w.name}"`, network: await found(() => runtime.inspectNetwork(engineRef(w.name))) };
      }
      if (project === undefined) {
        const ref = engineRef(w.name);
        // The engine also answers to an id prefix: only the exact name binds.
        if (w.kind === "container")
          return { ...w, lookedFor: `a container named "${w.name}"`, container: exact(await found(() => runtime.inspectContainer(ref)), w.name) };
        return { ...w, lookedFor: `a network named "${w.name}"`, network: exact(await found(() => runtime.inspectNetwork(ref)), w.name) };
      }
      if (w.kind === "container") {
        const { service, replica } = serviceOf(w.name);
        const id = replicaOf(members, service, replica);
        const lookedFor = `${replica === undefined ? "the first replica" : `replica ${replica}`} of service "${service}" of compose project "${project}" (labels ${COMPOSE.project}=${project}, ${COMPOSE.service}=${service})`;
        return { ...w, lookedFor, container: id ? await found(() => runtime.inspectContainer(id)) : undefined };
      }
      const id =
        members.find((m) => m.kind === "network" && m.labels[COMPOSE.network] === w.name)?.id ??
        members.find((m) => m.kind === "network" && m.name === `${project}_${w.name}`)?.id;
      const lookedFor = `network "${w.name}" of compose project "${project}" (label ${COMPOSE.network}=${w.name}, or the name ${project}_${w.name})`;
      return { ...w, lookedFor, network: id ? await found(() => runtime.inspectNetwork(id)) : undefined };
    }),
  );
  return {
    names,
    containers: new Map(names.flatMap((n) => (n.container ? [[n.name, n.container] as const] : []))),
    networks: new Map(names.flatMap((n) => (n.network ? [[n.name, n.network] as const] : []))),
  };
}

/** `bridge`, `host` and `none` are the engine's own networks, whatever the binding. */
const isEngineNetwork = (name: string): boolean => name === "bridge" || name === "host" || name === "none";

/** Every container and network the file declares or uses, once each, declarations first. */
export function namesOf(scenario: Scenario, lineOf: DeclarationLine): { kind: "container" | "network"; name: string; line: number }[] {
  const out = new Map<string, { kind: "container" | "network"; name: string; line: number }>();
  const add = (kind: "container" | "network", name: string, line: number): void => {
    if (!out.has(`${kind}:${name}`)) out.set(`${kind}:${name}`, { kind, name, line });
  };
  for (const c of scenario.containers) add("container", c.name, lineOf("containers", c.name));
  for (const n of scenario.networks) add("network", n.name, lineOf("networks", n.name));
  for (const r of scenario.references ?? []) add(r.kind, r.name, r.line);
  return [...out.values()];
}

/** `web` is the first replica of service web; `web.2` its replica number 2. */
export function serviceOf(name: string): { service: string; replica?: number } {
  const m = /^(.+)\.([1-9][0-9]*)$/.exec(name);
  return m ? { service: m[1]!, replica: Number(m[2]) } : { service: name };
}

/** The container of a service's replica; without a number, the lowest-numbered one. One-off containers (`compose run`) never count. */
function replicaOf(members: Resource[], service: string, replica: number | undefined): EngineRef | undefined {
  const replicas = members
    .filter((m) => m.kind === "container" && m.labels[COMPOSE.service] === service && m.labels[COMPOSE.oneoff] !== "True")
    .map((m) => ({ id: m.id, number: Number(m.labels[COMPOSE.number] ?? "1") }))
    .sort((a, b) => a.number - b.number);
  return (replica === undefined ? replicas[0] : replicas.find((r) => r.number === replica))?.id;
}

/** The inspect, or undefined when the engine has no such thing (404); any other refusal stands. */
async function found<T>(inspect: () => Promise<T>): Promise<T | undefined> {
  try {
    return await inspect();
  } catch (error) {
    if (error instanceof EngineError && error.status === 404) return undefined;
    throw error;
  }
}

const exact = <T extends { name: string }>(info: T | undefined, name: string): T | undefined => (info?.name === name ? info : undefined);
