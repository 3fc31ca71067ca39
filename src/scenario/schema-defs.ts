import { Type } from "@sinclair/typebox";
import { def, Format, NameMap, Pattern } from "./schema-builders.js";

// The names and values the world's sections and the steps share: each is published under `$defs`.

export const ScenarioName = def(
  "scenarioName",
  Pattern("^[a-z0-9]+(-[a-z0-9]+)*$", "use lowercase letters, digits and dashes, like dns-basics", {
    description: "Lowercase letters and digits, with single dashes between words, e.g. `dns-on-user-networks`.",
  }),
);

export const ContainerName = def(
  "containerName",
  Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", "use letters, digits, '_', '.' and '-', starting with a letter or digit", {
    description: "A container name of this scenario: a letter or digit, then letters, digits, `_`, `.` or `-`.",
  }),
);

export const NetworkName = def(
  "networkName",
  Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", "use letters, digits, '_', '.' and '-', starting with a letter or digit", {
    description: "A network name of this scenario: a letter or digit, then letters, digits, `_`, `.` or `-`.",
  }),
);

export const ImageName = def(
  "imageName",
  Pattern("^[a-z0-9][a-z0-9_./:-]*$", "use lowercase letters, digits and '_', '.', '/', ':', '-'", {
    description: "An image name as Docker spells it: lowercase, may contain `/` and a `:tag`, e.g. `lab/web:1`.",
  }),
);

export const Alias = def(
  "alias",
  Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$", "use letters, digits, '_', '.' and '-', starting with a letter or digit", {
    description: "An extra DNS name on a network: a letter or digit, then letters, digits, `_`, `.` or `-`.",
  }),
);

export const Duration = def(
  "duration",
  Pattern("^[0-9]+(\\.[0-9]+)?(ms|s|m|h)$", "write a duration such as 500ms, 10s, 2m or 1h", {
    description: "A duration: a number and a unit, `ms`, `s`, `m` or `h`, e.g. `500ms`, `10s`, `1.5m`, `2m`.",
    examples: ["500ms", "10s", "2m"],
  }),
);

export const PortNumber = def("portNumber", Type.Integer({ description: "A TCP or UDP port number, 1 to 65535.", minimum: 1, maximum: 65535 }));

export const Command = def(
  "command",
  Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })], {
    description:
      'A command: a string, split into words like a shell would (quotes are honoured) but run without a shell, e.g. `sleep 3600`; or a list of words, e.g. `["nc", "-lk", "-p", "5432"]`. For shell features (pipes, `&&`, `$VAR`), write `["sh", "-c", "..."]`.',
  }),
);

export const StringMap = def(
  "stringMap",
  NameMap("^.+$", Type.String({ description: "The value (text)." }), { description: "A map of names to text values.", propertyNames: { minLength: 1 } }),
);

export const Labels = def(
  "labels",
  NameMap("^(?!io\\.lab\\.).+$", Type.String({ description: 'The label\'s value (text; quote numbers and booleans, e.g. `"1"`).' }), {
    description:
      "Docker labels, as a map of key to text value, e.g. `{ com.example.role: frontend }`. Keys starting with `io.lab.` are reserved for the runner.",
    propertyNames: { minLength: 1, pattern: "^(?!io\\.lab\\.)" },
  }),
);

/**
 * Engines a step or a scenario is known not to hold on, each with the reason. The keys are
 * the engines lab recognises (from `docker version`'s components); lab reports the step
 * (or the whole scenario) as skipped with that reason when it runs on that engine, and runs
 * it unchanged everywhere else. docs/engines.md lists every such difference with evidence.
 */
export const KnownDifferences = def(
  "knownDifferences",
  Type.Object(
    {
      podman: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            "Why this does not hold on Podman's Docker-compatible API (`podman system service`), in a sentence with what Podman does instead, e.g. `Podman's default network has no DNS either, but answers ... `. On Podman lab reports it as skipped with this reason.",
        }),
      ),
      docker: Type.Optional(
        Type.String({ minLength: 1, description: "Why this does not hold on Docker Engine (dockerd). On Docker lab reports it as skipped with this reason." }),
      ),
    },
    {
      description:
        'Engines on which this is known not to hold, each with the reason: `{ podman: "Podman refuses links: bad parameter: link is not supported" }`. On such an engine lab reports it as skipped with that reason instead of running it; on every other engine it runs unchanged. Every difference is listed with its evidence in docs/engines.md.',
      additionalProperties: false,
      minProperties: 1,
    },
  ),
);
export const IpAddress = def(
  "ipAddress",
  Type.Union([Format("ipv4"), Format("ipv6")], { type: "string", description: "An IPv4 or IPv6 address, e.g. `192.0.2.10` or `fd00::10`." }),
);

export const DomainName = def("domainName", Type.String({ format: "hostname", description: "A DNS domain name, e.g. `svc.example.test`." }));
