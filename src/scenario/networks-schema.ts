import { Type } from "@sinclair/typebox";
import { def, Pattern, ref } from "./schema-builders.js";
import { Labels } from "./schema-defs.js";

export const Network = def("network", Type.Object({
    driver: Type.Optional(Type.String({ minLength: 1, description: "The network driver. Default `bridge`.", default: "bridge" })),
    internal: Type.Optional(Type.Boolean({ description: "`true` cuts the network off from the outside world: its containers reach each other but nothing beyond (`docker network create --internal`). Default false.", default: false })),
    subnet: Type.Optional(Pattern("^([0-9]{1,3}\\.){3}[0-9]{1,3}/[0-9]{1,2}$", "write an IPv4 subnet in CIDR form, such as 172.28.0.0/16", { description: "The IPv4 subnet in CIDR form, e.g. `172.28.0.0/16`. Default: the engine picks one." })),
    gateway: Type.Optional(Type.String({ format: "ipv4", description: "The IPv4 gateway address, inside `subnet`, e.g. `172.28.0.1`. Default: the engine picks one." })),
    labels: Type.Optional(ref(Labels, { description: "Docker labels on the network, e.g. `{ com.example.tier: backend }`. Keys starting with `io.lab.` are reserved for the runner." })),
  }, { description: "Settings of a user-defined network, as `docker network create` takes them.", additionalProperties: false }));

