import { Type } from "@sinclair/typebox";
import { def, Pattern, ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";

// Arguments that several step kinds share, published under `$defs`.

export const From = def(
  "from",
  ref(ContainerName, {
    description:
      "Where the probe runs: a container name, in that container's network namespace (its `/etc/hosts` and `/etc/resolv.conf`), or `host` for the machine that runs the engine (the runner connects itself, to published ports). The probe does not need any tool in the container's image.",
  }),
);

export const Target = def(
  "target",
  Type.Union(
    [
      Pattern("^\\S+$", undefined, { minLength: 1, description: "A name or an IP address, e.g. `db` or `172.28.0.10`." }),
      Type.Object(
        {
          ip_of: ref(ContainerName, { description: "Required. The container whose IP address is the target." }),
        },
        {
          additionalProperties: false,
          description: "The current IP address of a scenario container, e.g. `{ ip_of: db }`: reaching a neighbour by IP, without any name resolution.",
        },
      ),
    ],
    {
      description:
        "Where to connect: a name or an IP address as written (resolved inside `from`, as an application there would), e.g. `db` or `172.28.0.10`; or `{ ip_of: <container> }`, that container's current IP address (on a network it shares with `from`, else its first one), as `docker inspect -f '{{.NetworkSettings.IPAddress}}'` would give it.",
    },
  ),
);

export const Matcher = def(
  "matcher",
  Type.Object(
    {
      contains: Type.Optional(Type.String({ description: "The output contains this text." })),
      matches: Type.Optional(
        Type.String({
          description:
            "The output matches this regular expression (JavaScript syntax; may start with `(?i)`, `(?m)`, `(?s)`; `^` and `$` match at line ends), e.g. `^PING .* 56 data bytes`.",
        }),
      ),
      equals: Type.Optional(Type.String({ description: "The output equals this text exactly, after removing one trailing newline." })),
    },
    { description: "How to check a text output; every key given must hold. E.g. `{ contains: pong }`.", minProperties: 1, additionalProperties: false },
  ),
);
