import type { ContainerCreate, ImageBuild, NetworkCreate } from "../runtime/runtime.js";
import type { ContainerSpec, Scenario, Step } from "../scenario/types.js";

/** Everything the engine must do for one scenario, in the engine's names. Pure data. */
export interface Plan {
  runId: string;
  scenario: Scenario;
  images: PlannedImage[];
  networks: PlannedNetwork[];
  containers: PlannedContainer[];
  steps: PlannedStep[];
  probeImage: string;
}

export interface PlannedImage {
  ref: string;
  /** Set when the scenario builds the image itself (`images:`). */
  build?: ImageBuild;
}

export interface PlannedNetwork {
  name: string;
  create: NetworkCreate;
  /** `false`: a `create_network` step makes it, not provisioning. */
  atProvision: boolean;
}

export interface PlannedContainer {
  name: string;
  create: ContainerCreate;
  /** Scenario containers that must be created, and started, before this one. */
  after: string[];
  start: boolean;
  /** `false`: a `create` step makes it, not provisioning. */
  atProvision: boolean;
  files: Record<string, string>;
  wait?: ContainerSpec["wait"];
  /** Steps run inside this container's namespace: its probe container is started early. */
  probed: boolean;
}

export interface PlannedStep {
  step: Step;
  title: string;
}
