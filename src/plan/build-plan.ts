import { stepKind, type StepKindName } from "../steps/step-table.js";
import type { ContainerSpec, Scenario, Step } from "../scenario/types.js";
import type { ContainerCreate } from "../runtime/runtime.js";
import { LABEL, labelsFor, realName } from "./labels.js";
import type { Plan, PlannedContainer } from "./plan.js";

export interface PlanOptions {
  runId: string;
  probeImage: string;
  /**
   * The world under the scenario's own names (`lab learn`), so that a course's commands work
   * as typed (`docker network connect app legacy`). The labels still carry the run id.
   */
  ownNames?: boolean;
}

/**
 * Turns a scenario into engine operations. Pure: no I/O, so naming, ordering and
 * dependency rules are unit-tested without an engine.
 */
export function buildPlan(scenario: Scenario, { runId, probeImage, ownNames }: PlanOptions): Plan {
  const real = (name: string): string => (ownNames ? name : realName(runId, scenario.name, name));
  const steps = scenario.steps.map((step) => ({ step, ...described(step) }));
  const probed = new Set(steps.map((s) => s.namespace).filter((n): n is string => n !== undefined));
  const needsProbe = probed.size > 0 || scenario.containers.some((c) => c.wait?.port !== undefined);

  const built = new Set(scenario.images.map((i) => i.name));
  const refs = [...new Set([...scenario.containers.map((c) => c.image), ...(needsProbe ? [probeImage] : [])])];

  return {
    runId,
    scenario,
    probeImage,
    images: [
      ...scenario.images.map((i) => ({
        ref: i.name,
        // No run label: an image outlives the run as the engine's build cache does, and is not a leftover.
        build: {
          tag: i.name,
          context: i.context,
          dockerfile: i.dockerfile,
          labels: { [LABEL.scenario]: scenario.name, [LABEL.name]: i.name, [LABEL.role]: "image" },
        },
      })),
      ...refs.filter((r) => !built.has(r)).map((ref) => ({ ref })),
    ],
    networks: scenario.networks.map((n) => ({
      name: n.name,
      create: {
        name: real(n.name),
        driver: n.driver,
        internal: n.internal,
        attachable: n.attachable,
        enableIpv6: n.enableIpv6,
        ipam: n.ipam,
        ipamDriver: n.ipamDriver,
        driverOpts: n.driverOpts,
        labels: { ...n.labels, ...labelsFor(runId, scenario.name, n.name) },
      },
      atProvision: n.create,
    })),
    containers: scenario.containers.map((c): PlannedContainer => ({
      name: c.name,
      create: containerCreate(c, runId, scenario.name, real),
      after: dependencies(c),
      start: c.start,
      atProvision: c.create,
      files: c.files,
      wait: c.wait,
      probed: probed.has(c.name),
    })),
    steps: steps.map(({ step, title }) => ({ step, title })),
  };
}

/** The step's default title and the namespace it runs in, from its kind. */
function described<K extends StepKindName>(step: Step<K>): { title: string; namespace?: string } {
  const kind = stepKind(step.kind);
  return { title: step.name || kind.describe(step.args, step.expect), namespace: kind.namespace?.(step.args) };
}

function containerCreate(c: ContainerSpec, runId: string, scenario: string, real: (name: string) => string): ContainerCreate {
  const mode = c.networkMode;
  const links = c.links.map((l) => `${real(l.target)}:${l.alias}`);
  const networks = c.networks.map((a) => ({
    network: real(a.network),
    // The scenario's name answers on every user network, as a Docker user expects.
    aliases: [...new Set([c.name, ...a.aliases])],
    ipv4Address: a.ipv4Address,
    // On user networks a link is the endpoint's (as `docker run --network n --link` sends it,
    // and Compose on each network): the embedded DNS answers it to this container alone,
    // wherever the target is attached to that network, now or later.
    ...(links.length ? { links } : {}),
    ipv6Address: a.ipv6Address,
  }));
  return {
    name: real(c.name),
    image: c.image,
    command: c.command,
    entrypoint: c.entrypoint,
    environment: c.environment,
    // The engine refuses a hostname in a shared namespace; everywhere else it is the scenario name,
    // unless the author asked for the engine's own default (`hostname: false`).
    hostname: mode.kind === "container" || c.hostname === false ? undefined : (c.hostname ?? c.name),
    domainname: c.domainname,
    dns: c.dns,
    dnsSearch: c.dnsSearch,
    dnsOptions: c.dnsOptions,
    extraHosts: c.extraHosts,
    user: c.user,
    workingDir: c.workingDir,
    labels: { ...c.labels, ...labelsFor(runId, scenario, c.name) },
    init: c.init,
    ports: c.ports,
    networkMode: mode.kind === "networks" ? networks[0]!.network : mode.kind === "container" ? `container:${real(mode.container)}` : mode.kind,
    networks,
    // The engine takes `HostConfig.Links` only for the default bridge (and a container with no network at all).
    links: mode.kind === "networks" ? [] : links,
    healthcheck: c.healthcheck,
  };
}

const dependencies = (c: ContainerSpec): string[] => [
  ...new Set([...(c.networkMode.kind === "container" ? [c.networkMode.container] : []), ...c.links.map((l) => l.target)]),
];
