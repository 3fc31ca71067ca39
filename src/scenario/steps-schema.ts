import { Type, type TSchema } from "@sinclair/typebox";
import { REQUIRABLE_REASONS } from "../probes/failure-reason.js";
import { knownStepKinds, stepKind } from "../steps/step-table.js";
import { def, ref, StringEnum } from "./schema-builders.js";
import { Duration, KnownDifferences } from "./schema-defs.js";

/**
 * `$defs/step`: the keys every step shares, then one optional key per kind of the step
 * table, whose schema is the kind's own `args`. Exactly one kind per step is a rule
 * (step-rules.ts), so that its message can name the kinds found.
 */
export const Step = def(
  "step",
  Type.Object(
    {
      name: Type.Optional(
        Type.String({
          minLength: 1,
          description: "What the step shows in the report, e.g. `web resolves db by its container name`. Default: generated from the kind and its arguments.",
        }),
      ),
      expect: Type.Optional(
        StringEnum(["pass", "fail"], {
          description:
            "`pass` (the default): the probe must pass or the action succeed. `fail`: the probe must fail, or the engine must refuse the action (e.g. a host port already allocated).",
          default: "pass",
        }),
      ),
      error: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            "With `expect: fail`: text the failure message must contain (ignoring case), e.g. `port is already allocated`, or a regular expression between slashes, e.g. `/no such host|NXDOMAIN/`.",
        }),
      ),
      reason: Type.Optional(
        StringEnum([...REQUIRABLE_REASONS], {
          description:
            "With `expect: fail` on a network probe (resolve, tcp, http, ping, reach): why it must fail. `nxdomain`: the name is unknown; `refused`: the host answered, the port is closed; `timeout`: no answer (dropped between isolated networks); `unreachable`: no route (network mode `none`); `mismatch`: it answered, but not as asked (status, body, address). E.g. `reason: timeout`.",
        }),
      ),
      timeout: Type.Optional(
        ref(Duration, {
          description:
            'Time limit of the step. A probe expected to pass is retried until it passes or this runs out (containers start asynchronously, so probes are "eventually" checks); a probe expected to fail is tried once. Every attempt is bounded by what is left of it. Default `10s`.',
          default: "10s",
        }),
      ),
      hint: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            "Shown when the step does not go as expected: the lesson for the learner, e.g. `Put both containers on a network made with docker network create.`",
        }),
      ),
      serial: Type.Optional(
        Type.Boolean({
          description:
            "`true`: this step runs alone, after the steps before it ended and before any after it starts. Without it, consecutive read-only probes expected to pass (resolve, tcp, http, ping, ...) start together; results are still reported in file order. Default `false`.",
          default: false,
        }),
      ),
      known_differences: Type.Optional(
        ref(KnownDifferences, {
          description:
            "Engines on which this step is known not to hold, each with the reason, e.g. `{ podman: \"Podman's DNS server listens on the network's gateway, not 127.0.0.11\" }`. On that engine the step is reported as skipped with the reason; elsewhere it runs unchanged. See docs/engines.md.",
        }),
      ),
      ...Object.fromEntries(knownStepKinds().map((k): [string, TSchema] => [k, Type.Optional(stepKind(k).args)])),
      // The keys a kind brings beside its own (a task's `solution:` and `check:`); step-rules.ts refuses them on other kinds.
      ...Object.fromEntries(
        knownStepKinds().flatMap((k) => Object.entries(stepKind(k).stepKeys ?? {}).map(([key, schema]): [string, TSchema] => [key, Type.Optional(schema)])),
      ),
    },
    {
      description:
        "One step: exactly one kind key (an action such as `start: web`, or a probe such as `tcp: { from: web, host: db, port: 5432 }`), plus the optional common keys `name`, `expect`, `error`, `reason`, `timeout`, `hint`, `serial` and `known_differences`.",
      additionalProperties: false,
    },
  ),
);
