import { Type } from "@sinclair/typebox";
import { def, NameMap, Pattern, ref } from "./schema-builders.js";
import { IpAddress, Labels } from "./schema-defs.js";

/** An address block in CIDR form, of either family; rules.ts checks the numbers and the family (cidr.ts). */
const Cidr = (description: string): ReturnType<typeof Pattern> =>
  Pattern("^[0-9a-fA-F:.]+/[0-9]{1,3}$", "write a subnet in CIDR form, such as 172.28.0.0/16 or fd00:28::/64", { description });

export const IpamConfig = def(
  "ipamConfig",
  Type.Object(
    {
      subnet: Cidr("Required. The subnet in CIDR form, IPv4 or IPv6, e.g. `172.28.0.0/16` or `fd00:28::/64`. An IPv6 subnet needs `enable_ipv6: true`."),
      ip_range: Type.Optional(
        Cidr(
          "The part of `subnet` the engine assigns addresses from, same family, e.g. `172.28.5.0/24`; fixed `ipv4_address`es may lie outside it. Default: the whole subnet.",
        ),
      ),
      gateway: Type.Optional(
        ref(IpAddress, {
          description: "The gateway address, inside `subnet` and of its family, e.g. `172.28.0.1`. Default: the engine picks the first address.",
        }),
      ),
    },
    { description: "One address pool of the network, as Compose's `ipam.config` entries: `{ subnet, ip_range, gateway }`.", additionalProperties: false },
  ),
);

export const Network = def(
  "network",
  Type.Object(
    {
      driver: Type.Optional(
        Type.String({
          minLength: 1,
          description:
            "The network driver. Default `bridge`. `overlay` needs the engine to be a swarm node (`bash scripts/setup --swarm`; lab never makes one) and `attachable: true`; see docs/overlay.md.",
          default: "bridge",
        }),
      ),
      driver_opts: Type.Optional(
        NameMap("^.+$", Type.Union([Type.String(), Type.Number()], { description: "The option's value (numbers become text)." }), {
          description:
            "Driver options (`docker network create -o`), e.g. `{ com.docker.network.bridge.name: lab-br0, com.docker.network.driver.mtu: 1400 }`. The bridge driver's are listed in Docker's documentation; an unknown one is refused by the engine at provisioning.",
          propertyNames: { minLength: 1 },
        }),
      ),
      internal: Type.Optional(
        Type.Boolean({
          description:
            "`true` cuts the network off from the outside world: its containers reach each other but nothing beyond (`docker network create --internal`). Default false.",
          default: false,
        }),
      ),
      attachable: Type.Optional(
        Type.Boolean({
          description:
            "`true` lets standalone containers attach to a swarm-scoped (`overlay`) network (`docker network create --attachable`): required with `driver: overlay`, since lab's containers are standalone. A local bridge accepts them anyway; the engine records the flag (`Attachable` in inspect). Default false.",
          default: false,
        }),
      ),
      enable_ipv6: Type.Optional(
        Type.Boolean({
          description:
            "`true` gives the network IPv6 (`docker network create --ipv6`); give its IPv6 subnet in `ipam.config`, e.g. `{ subnet: fd00:28::/64 }`. Default false.",
          default: false,
        }),
      ),
      subnet: Type.Optional(
        Cidr(
          "The subnet in CIDR form, IPv4 or IPv6, e.g. `172.28.0.0/16` or `fd00:28::/64` (with `enable_ipv6: true`): a shorthand for one `ipam.config` entry (not with `ipam`). Default: the engine picks an IPv4 one.",
        ),
      ),
      gateway: Type.Optional(
        ref(IpAddress, {
          description:
            "The gateway address, inside `subnet` and of its family, e.g. `172.28.0.1`. Needs `subnet`. Default: the engine picks the first address.",
        }),
      ),
      ip_range: Type.Optional(
        Cidr(
          "The part of `subnet` the engine assigns addresses from, same family, e.g. `172.28.5.0/24` (`docker network create --ip-range`). Needs `subnet`. Default: the whole subnet.",
        ),
      ),
      ipam: Type.Optional(
        Type.Object(
          {
            driver: Type.Optional(Type.String({ minLength: 1, description: "The IPAM driver. Default `default`.", default: "default" })),
            config: Type.Array(ref(IpamConfig), {
              minItems: 1,
              description: "Required. The address pools, at most one per family, e.g. `[{ subnet: 172.28.0.0/16 }, { subnet: fd00:28::/64 }]`.",
            }),
          },
          {
            description:
              "Address management as Compose writes it: `{ config: [{ subnet, ip_range, gateway }, ...] }`, one entry per family. Not with `subnet`, `gateway` or `ip_range` at the top.",
            additionalProperties: false,
          },
        ),
      ),
      labels: Type.Optional(
        ref(Labels, {
          description: "Docker labels on the network, e.g. `{ com.example.tier: backend }`. Keys starting with `io.lab.` are reserved for the runner.",
        }),
      ),
      create: Type.Optional(
        Type.Boolean({
          description:
            "`false` does not create the network at provisioning: a `create_network:` step creates it. Containers that join it at creation must then be `create: false` too. Default true.",
          default: true,
        }),
      ),
    },
    { description: "Settings of a user-defined network, as `docker network create` takes them and Compose spells them.", additionalProperties: false },
  ),
);
