import { Type, type TSchema } from "@sinclair/typebox";
import { Container, ContainerNetwork, Healthcheck, Port, PortObject, PortString, Wait } from "./containers-schema.js";
import { Image } from "./images-schema.js";
import { IpamConfig, Network } from "./networks-schema.js";
import { Const, defName, NameMap, ref } from "./schema-builders.js";
import {
  Alias,
  Command,
  ContainerName,
  DomainName,
  Duration,
  ImageName,
  IpAddress,
  KnownDifferences,
  Labels,
  NetworkName,
  PortNumber,
  ScenarioName,
  StringMap,
} from "./schema-defs.js";
import { Step } from "./steps-schema.js";
import { From, Matcher, Target } from "../steps/step-args.js";

/** The top level of a scenario file. */
export const Scenario = Type.Object(
  {
    version: Type.Optional(Const(1, { description: "Version of the scenario format. Only `1` exists. Optional; default 1.", default: 1 })),
    name: ref(ScenarioName, {
      description:
        "Required. The scenario's name: lowercase letters, digits and single dashes, e.g. `dns-on-user-networks`. Must be unique among the files of one run; reports and `lab list` show it.",
    }),
    description: Type.Optional(
      Type.String({
        description:
          "What the scenario demonstrates, in a sentence or two, e.g. `Containers on a user-defined network resolve each other by name.` Shown by `lab list` and in reports.",
      }),
    ),
    tags: Type.Optional(
      Type.Array(ref(ScenarioName), {
        description:
          "Keywords for grouping scenarios; `lab run --tag dns` runs only the scenarios tagged `dns`. Same spelling as `name`, e.g. `[dns, networks]`.",
        uniqueItems: true,
      }),
    ),
    timeout: Type.Optional(
      ref(Duration, {
        description: "Time limit for the whole scenario (provisioning and all steps). Default `120s`. When it runs out, the scenario fails and is torn down.",
        default: "120s",
      }),
    ),
    serial: Type.Optional(
      Type.Boolean({
        description:
          "`true`: every step runs alone, one after another. Without it, consecutive read-only probes expected to pass start together (a step can opt out with its own `serial: true`); results are reported in file order either way. Default `false`.",
        default: false,
      }),
    ),
    known_differences: Type.Optional(
      ref(KnownDifferences, {
        description:
          'Engines on which this whole scenario is known not to hold, each with the reason (e.g. its world cannot be made there: `{ podman: "Podman refuses links" }`). On that engine nothing is provisioned and every step is reported as skipped with the reason; elsewhere it runs unchanged. For one step, put `known_differences` on the step. See docs/engines.md.',
      }),
    ),
    images: Type.Optional(
      NameMap("^[a-z0-9][a-z0-9_./:-]*$", ref(Image, { description: "An image to build; the key is its name (lowercase; may contain `/` and a `:tag`)." }), {
        description:
          "Images built locally from a Dockerfile context before anything is provisioned. The key is the image name that containers then use in `image:`, e.g. `images: { my-web: { build: ./web } }` and `image: my-web`.",
        propertyNames: ref(ImageName),
      }),
    ),
    networks: Type.Optional(
      NameMap(
        "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$",
        Type.Union([Type.Null(), ref(Network)], {
          description: "A user-defined network; the key is its name in the scenario. `{}` or empty for all defaults (a bridge network).",
        }),
        {
          description:
            "User-defined networks, like `docker network create`. The key is the network's name in this scenario (the real network gets a unique name). A network with no settings is written `app: {}` or `app:`. The names `bridge`, `host`, `none` and `default` are reserved: a container that lists no networks is on the default bridge, as with `docker run`.",
          propertyNames: { ...ref(NetworkName), not: { enum: ["bridge", "host", "none", "default"] } },
        },
      ),
    ),
    containers: Type.Optional(
      NameMap("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", ref(Container, { description: "A container; the key is its name in the scenario." }), {
        description:
          "The containers, keyed by their name in this scenario. Each one answers to that name on every user-defined network it joins, and its hostname is that name. The spelling follows Docker Compose. The name `host` is reserved (steps use `from: host` for the machine that runs the engine).",
        propertyNames: { ...ref(ContainerName), not: { const: "host" } },
      }),
    ),
    steps: Type.Optional(
      Type.Array(ref(Step), {
        description:
          "What to do and check, in order. Each step has exactly one kind key (an action such as `start: web`, or a probe such as `resolve: { from: web, name: db }`) plus optional `name`, `expect`, `error`, `timeout`, `hint` and `serial`. Consecutive read-only probes expected to pass start together; anything else waits for what is before it. A failed step is reported and the following steps still run (unless `--bail`).",
      }),
    ),
  },
  {
    title: "lab scenario (format version 1)",
    description:
      "One lab scenario: a small Docker world (images, networks, containers) and an ordered list of steps (actions and probes) that check how it behaves. The runner validates the file, provisions the world, runs the steps, reports, and always tears everything down. Add `# yaml-language-server: $schema=<path to this file>` at the top of a scenario for completion and hover help in editors.",
    additionalProperties: false,
  },
);

/** Every def, in the order the published schema lists them. */
const DEFS: TSchema[] = [
  ScenarioName,
  ContainerName,
  NetworkName,
  ImageName,
  Alias,
  Duration,
  PortNumber,
  Command,
  StringMap,
  Labels,
  KnownDifferences,
  IpAddress,
  DomainName,
  Matcher,
  Image,
  IpamConfig,
  Network,
  Port,
  PortString,
  PortObject,
  ContainerNetwork,
  Healthcheck,
  Wait,
  Container,
  From,
  Step,
  Target,
];

export const SCHEMA_ID = "https://lab.dev/schema/scenario.schema.json";

/** The published JSON Schema, as a value: the scenario, its defs, and every step kind's arguments. */
export function scenarioSchema(): Record<string, unknown> {
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCHEMA_ID,
    ...Scenario,
    $defs: Object.fromEntries(DEFS.map((d) => [defName(d), d])),
  };
}

// Keys of a schema object in a fixed order, the way people read them; maps of names
// (`properties`, `$defs`, `patternProperties`) keep their declared order.
const KEY_ORDER = [
  "$schema",
  "$id",
  "$ref",
  "title",
  "description",
  "type",
  "const",
  "enum",
  "format",
  "pattern",
  "minLength",
  "minimum",
  "maximum",
  "minItems",
  "uniqueItems",
  "minProperties",
  "dependentSchemas",
  "additionalProperties",
  "required",
  "propertyNames",
  "patternProperties",
  "properties",
  "items",
  "anyOf",
  "not",
  "default",
  "examples",
  "$defs",
];
const NAME_MAPS = new Set(["properties", "$defs", "patternProperties", "dependentSchemas"]);

function canonical(value: unknown, isNameMap = false): unknown {
  if (Array.isArray(value)) return value.map((v) => canonical(v));
  if (value === null || typeof value !== "object") return value;
  const keys = Object.keys(value);
  const rank = (k: string): number => (KEY_ORDER.includes(k) ? KEY_ORDER.indexOf(k) : KEY_ORDER.length);
  const ordered = isNameMap ? keys : [...keys].sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(ordered.map((k) => [k, canonical((value as Record<string, unknown>)[k], !isNameMap && NAME_MAPS.has(k))]));
}

/** schema/scenario.schema.json as the build writes it: canonical key order, two-space indent, a final newline. */
export const scenarioSchemaText = (): string => `${JSON.stringify(canonical(scenarioSchema()), null, 2)}\n`;
