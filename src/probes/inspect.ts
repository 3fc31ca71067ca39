import { isDeepStrictEqual } from "node:util";
import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { ContainerName, NetworkName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";
import { matchesPattern } from "../steps/text-match.js";
import { atPath } from "./dotted-path.js";

const show = (v: unknown): string => (typeof v === "string" ? v : (JSON.stringify(v, null, 1)?.replace(/\n\s*/g, " ") ?? "undefined"));

/** `inspect`, as `docker inspect -f '{{.Path}}'` on a container or a network. */
export const inspect = defineStep({
  kind: "inspect",
  args: Type.Object(
    {
      container: Type.Optional(ref(ContainerName, { description: "The container to inspect (give this or `network`)." })),
      network: Type.Optional(ref(NetworkName, { description: "The network of this scenario to inspect (give this or `container`)." })),
      path: Pattern("^[A-Za-z0-9_*][A-Za-z0-9_./:*-]*$", "write a dotted path, such as State.Status or NetworkSettings.Networks", {
        description:
          "Required. A dotted path into the inspect document, as Go templates spell it, without the leading dot: `State.Status`, `NetworkSettings.Networks`, `NetworkSettings.Ports.80/tcp`. A key containing dots or slashes can be written as is; `*` stands for every key (`NetworkSettings.Networks.*.IPAddress`), and a number indexes a list (`Mounts.0`).",
      }),
      equals: Type.Optional(
        Type.Unknown({ description: "The value must equal this (any YAML value: text, number, boolean, list or map), e.g. `none` or `true`." }),
      ),
      contains: Type.Optional(Type.String({ description: "The value, as text (JSON for lists and maps), must contain this text." })),
      matches: Type.Optional(
        Type.String({
          description:
            "The value, as text (JSON for lists and maps), must match this regular expression (JavaScript syntax; may start with `(?i)`, `(?m)`, `(?s)`).",
        }),
      ),
      exists: Type.Optional(
        Type.Boolean({ description: "`true`: the field must exist and not be null or empty; `false`: it must be missing, null or empty." }),
      ),
    },
    {
      description:
        "Probe: a value from `docker inspect` of a container or a network matches. Give exactly one of `container`/`network`, a `path`, and one check (`equals`, `contains`, `matches` or `exists`). E.g. `{ container: sealed, path: HostConfig.NetworkMode, equals: none }`.",
      additionalProperties: false,
    },
  ),
  check(a, c) {
    c.container(["container"], a.container);
    c.network(["network"], a.network, false);
    if ((a.container === undefined) === (a.network === undefined))
      c.report("E_STEP_ARGS", [], `an "inspect" step names exactly one of "container" or "network"`);
    if ([a.equals, a.contains, a.matches, a.exists].every((v) => v === undefined))
      c.report("E_STEP_ARGS", [], `an "inspect" step needs one of "equals", "contains", "matches" or "exists"`);
    c.regex(["matches"], a.matches);
  },
  type: "probe",
  readOnly: true,
  describe: (a) =>
    `inspect ${a.container ?? a.network} .${a.path}${a.equals !== undefined ? ` = ${show(a.equals)}` : a.contains !== undefined ? ` contains ${JSON.stringify(a.contains)}` : a.matches !== undefined ? ` matches /${a.matches}/` : a.exists === false ? " is absent" : " exists"}`,
  async run({ runtime, world }, a) {
    const doc =
      a.container !== undefined
        ? (await runtime.inspectContainer(world.container(a.container))).raw
        : (await runtime.inspectNetwork(world.network(a.network!))).raw;
    const target = a.container ?? a.network;
    const { found, value } = atPath(doc, a.path);
    const evidence = { [`.${a.path}`]: found ? show(value) : "(not found)" };
    const fail = (why: string) => ({ ok: false, message: `.${a.path} of ${target} ${why}`, evidence });
    if (a.exists !== undefined && found !== a.exists) return fail(a.exists ? "does not exist" : `exists: ${show(value)}`);
    if (a.exists === false) return { ok: true, message: `.${a.path} of ${target} does not exist`, evidence };
    if (!found) return fail("does not exist");
    if (a.equals !== undefined && !isDeepStrictEqual(value, a.equals) && show(value) !== show(a.equals))
      return fail(`is ${show(value)}, not ${show(a.equals)}`);
    if (a.contains !== undefined) {
      const has = Array.isArray(value)
        ? value.some((v) => show(v) === a.contains || show(v).includes(a.contains!))
        : typeof value === "object" && value !== null
          ? Object.keys(value).some((k) => k.includes(a.contains!)) || show(value).includes(a.contains)
          : show(value).includes(a.contains);
      if (!has) return fail(`does not contain ${JSON.stringify(a.contains)}: ${show(value)}`);
    }
    if (a.matches !== undefined && !matchesPattern(show(value), a.matches)) return fail(`does not match /${a.matches}/: ${show(value)}`);
    return { ok: true, message: `.${a.path} of ${target} is ${show(value)}`, evidence };
  },
});
