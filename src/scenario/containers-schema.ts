import { Type } from "@sinclair/typebox";
import { def, Format, NameMap, Pattern, StringEnum, Const, ref } from "./schema-builders.js";
import { Alias, Command, DomainName, Duration, IpAddress, Labels, NetworkName, PortNumber } from "./schema-defs.js";

export const PortString = def(
  "portString",
  Pattern(
    "^(?:(?:(?:(?:[0-9]{1,3}\\.){3}[0-9]{1,3}|\\[[0-9a-fA-F:.]+\\]):)?(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5]):)?(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])(?:/(?:tcp|udp))?$",
    'write HOST:CONTAINER, IP:HOST:CONTAINER or CONTAINER, with an optional /tcp or /udp, ports from 1 to 65535 (e.g. "8080:80")',
    {
      description:
        '`[IP:]HOST:CONTAINER[/tcp|udp]` or `CONTAINER[/tcp|udp]`, e.g. `"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"[::1]:8080:80"`, `"80"`. Ports are 1 to 65535.',
      examples: ["8080:80", "127.0.0.1:8080:80/udp", "80"],
    },
  ),
);

export const PortObject = def(
  "portObject",
  Type.Object(
    {
      host: Type.Optional(ref(PortNumber, { description: "The port on the host. Default: a random free port chosen by the engine." })),
      container: ref(PortNumber, { description: "Required. The port inside the container, e.g. `80`." }),
      protocol: Type.Optional(StringEnum(["tcp", "udp"], { description: "`tcp` or `udp`. Default `tcp`.", default: "tcp" })),
      host_ip: Type.Optional(
        Type.Union([Format("ipv4"), Format("ipv6")], {
          type: "string",
          description: "The host address to publish on, e.g. `127.0.0.1` or `::1`. Default: all host addresses.",
        }),
      ),
    },
    { description: "A published port in long form, e.g. `{ host: 8080, container: 80 }`.", additionalProperties: false },
  ),
);

export const Port = def(
  "port",
  Type.Union([ref(PortString), ref(PortObject)], {
    description:
      'A published port, as `docker run -p` spells it: `"HOST:CONTAINER"`, `"IP:HOST:CONTAINER"`, or `"CONTAINER"` alone (a random host port), each optionally ending in `/tcp` (default) or `/udp`, e.g. `"8080:80"`, `"127.0.0.1:8080:80/udp"`, `"80"`; or a map `{ host, container, protocol, host_ip }`.',
  }),
);

export const ContainerNetwork = def(
  "containerNetwork",
  Type.Object(
    {
      aliases: Type.Optional(
        Type.Array(ref(Alias), {
          description: "Extra DNS names for the container on this network, besides its scenario name, e.g. `[database]`.",
          uniqueItems: true,
        }),
      ),
      ipv4_address: Type.Optional(
        Type.String({
          format: "ipv4",
          description:
            "A fixed IPv4 address on this network, e.g. `172.28.0.10`. The network must declare a `subnet` that contains it. Default: the engine assigns one.",
        }),
      ),
      ipv6_address: Type.Optional(
        Type.String({
          format: "ipv6",
          description:
            "A fixed IPv6 address on this network, e.g. `fd00:28::10`. The network must have `enable_ipv6: true` and an IPv6 subnet in `ipam.config` that contains it. Default: the engine assigns one.",
        }),
      ),
    },
    { description: "How the container joins this network.", additionalProperties: false },
  ),
);

export const Healthcheck = def(
  "healthcheck",
  Type.Object(
    {
      test: Type.Union([Type.String({ minLength: 1 }), Type.Array(Type.String(), { minItems: 1 })], {
        description:
          'Required. The check command: a list starting with `CMD` (run directly) or `CMD-SHELL` (run by the image\'s shell), e.g. `["CMD", "nc", "-z", "localhost", "80"]`; or a string, run by the image\'s shell like `CMD-SHELL`. Exit code 0 means healthy.',
      }),
      interval: Type.Optional(
        ref(Duration, { description: "Time between checks. Default: the engine's (30s); a short one such as `1s` keeps scenarios fast." }),
      ),
      timeout: Type.Optional(ref(Duration, { description: "How long one check may run before it counts as failed. Default: the engine's (30s)." })),
      start_period: Type.Optional(
        ref(Duration, { description: "Grace period after start during which failing checks do not count. Default: the engine's (0s)." }),
      ),
      retries: Type.Optional(
        Type.Integer({ minimum: 0, description: "Consecutive failures needed to mark the container unhealthy. Default: the engine's (3)." }),
      ),
    },
    {
      description:
        'A health check, as in Docker Compose, e.g. `{ test: ["CMD", "nc", "-z", "localhost", "80"], interval: 1s }`. Combine with `wait: { healthy: true }` to hold the steps until it passes.',
      additionalProperties: false,
    },
  ),
);

export const Wait = def(
  "wait",
  Type.Object(
    {
      healthy: Type.Optional(
        Const(true, { description: "`true`: wait until the container's health check reports healthy. Needs a `healthcheck` (here or in the image)." }),
      ),
      log: Type.Optional(
        Type.String({ minLength: 1, description: "Wait until the container's log output (stdout or stderr) contains this text, e.g. `ready`." }),
      ),
      port: Type.Optional(ref(PortNumber, { description: "Wait until this TCP port accepts connections inside the container, e.g. `80`." })),
      timeout: Type.Optional(ref(Duration, { description: "How long to wait before the scenario fails. Default `30s`.", default: "30s" })),
    },
    {
      description:
        "Readiness: the steps start only once every started container with a `wait` is ready. Give at least one of `healthy`, `log`, `port` (all given must hold), e.g. `{ log: ready }`, `{ port: 80, timeout: 20s }`.",
      additionalProperties: false,
      minProperties: 1,
      dependentSchemas: { timeout: { minProperties: 2 } },
    },
  ),
);

export const Container = def(
  "container",
  Type.Object(
    {
      image: Type.String({
        minLength: 1,
        description: "Required. The image to run: one from a registry, e.g. `busybox` or `nginx:1.27-alpine`, or one declared under `images:`.",
      }),
      command: Type.Optional(
        ref(Command, {
          description:
            'Overrides the image\'s command (`CMD`). A string is split into words like a shell would, but run without a shell, e.g. `sleep 3600`; or a list, e.g. `["httpd", "-f", "-p", "80"]`. Default: the image\'s command.',
        }),
      ),
      entrypoint: Type.Optional(
        ref(Command, {
          description:
            'Overrides the image\'s entrypoint (`ENTRYPOINT`), as a string or a list like `command`, e.g. `["sh", "-c"]`. Default: the image\'s entrypoint.',
        }),
      ),
      environment: Type.Optional(
        Type.Union(
          [
            NameMap(
              "^[^=]+$",
              Type.Union([Type.String(), Type.Number(), Type.Boolean()], { description: "The variable's value: text, a number or a boolean." }),
              { propertyNames: { minLength: 1, pattern: "^[^=]+$" } },
            ),
            Type.Array(Pattern("^[^=]+=", "write KEY=VALUE, such as DEBUG=1")),
          ],
          {
            description:
              'Environment variables: a map, e.g. `{ MODE: test, PORT: 80 }` (numbers and booleans become text), or a list of `KEY=VALUE` strings, e.g. `["MODE=test"]`.',
          },
        ),
      ),
      ports: Type.Optional(
        Type.Array(ref(Port), {
          description:
            'Ports published on the host, as `docker run -p`: `["8080:80"]`, `["127.0.0.1:8080:80/udp"]`, `["80"]` (random host port), or maps `{ host: 8080, container: 80 }`. Only containers on a bridge network can publish ports.',
        }),
      ),
      networks: Type.Optional(
        Type.Union(
          [
            Type.Array(ref(NetworkName), { uniqueItems: true }),
            NameMap(
              "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$",
              Type.Union([Type.Null(), ref(ContainerNetwork)], {
                description: "Joins this network; empty for defaults, or `{ aliases, ipv4_address, ipv6_address }`.",
              }),
              { propertyNames: ref(NetworkName) },
            ),
          ],
          {
            description:
              "The user-defined networks (declared under the top-level `networks:`) the container joins: a list of names, e.g. `[app, backend]`, or a map of name to settings, e.g. `{ app: { aliases: [database] }, backend: }`. Default: none, so the container is on the default bridge, as with `docker run`. Not allowed with `network_mode`.",
          },
        ),
      ),
      network_mode: Type.Optional(
        Pattern("^(bridge|host|none|container:[a-zA-Z0-9][a-zA-Z0-9_.-]*)$", "write bridge, host, none or container:<name>", {
          description:
            "The network stack: `bridge` (the default bridge; the default), `host` (the host's own stack), `none` (loopback only), or `container:<name>` to share another container's stack, e.g. `container:web`. Not allowed with `networks`.",
        }),
      ),
      links: Type.Optional(
        Type.Array(Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]*(:[a-zA-Z0-9][a-zA-Z0-9_.-]*)?$", "write a container name, or name:alias"), {
          description:
            'Legacy `--link`s, `NAME` or `NAME:ALIAS`, e.g. `["db:dbhost"]`. On the default bridge a link is an `/etc/hosts` entry of this container; on a user-defined network, a name only this container resolves. The target must share a network with this container.',
          uniqueItems: true,
        }),
      ),
      hostname: Type.Optional(
        Type.Union([Type.String({ format: "hostname" }), Const(false)], {
          description:
            "The container's hostname, e.g. `web.local`. Default: its scenario name (not allowed with `network_mode: container:...`, where the engine refuses one). `false` sets none, so the engine's own default applies: the first 12 digits of the container id, or the host's name in `network_mode: host`.",
        }),
      ),
      domainname: Type.Optional(
        Type.String({
          format: "hostname",
          description:
            "The container's NIS domain name (`docker run --domainname`), e.g. `example.test`: what `domainname` (or `hostname -d`) prints inside. It does not change DNS. Default: none.",
        }),
      ),
      dns: Type.Optional(
        Type.Union([ref(IpAddress), Type.Array(ref(IpAddress), { minItems: 1 })], {
          description:
            "DNS servers (`docker run --dns`), one address or a list, e.g. `192.0.2.53` or `[\"10.0.0.2\"]`. On the default bridge they are the `nameserver` lines of `/etc/resolv.conf`; on a user-defined network the container still asks the engine's embedded DNS (127.0.0.11), which forwards names it does not know to them. Not allowed with `network_mode: container:...` (the engine refuses it). Default: the host's.",
        }),
      ),
      dns_search: Type.Optional(
        Type.Union([ref(DomainName), Type.Array(ref(DomainName), { minItems: 1 })], {
          description:
            "DNS search domains (`docker run --dns-search`), one or a list, e.g. `[svc.example.test]`: the `search` line of `/etc/resolv.conf`, tried after a short name. Default: the host's.",
        }),
      ),
      dns_opt: Type.Optional(
        Type.Array(
          Pattern("^[a-z][a-z0-9-]*(:[0-9]+)?$", "write a resolver option such as ndots:2 or edns0", {
            description: "A resolver option, e.g. `ndots:2`, `timeout:1`, `attempts:1`, `edns0`.",
          }),
          {
            minItems: 1,
            description:
              'Resolver options (`docker run --dns-option`), the `options` line of `/etc/resolv.conf`, e.g. `["ndots:2", "timeout:1"]`. Default: the engine\'s.',
          },
        ),
      ),
      extra_hosts: Type.Optional(
        Type.Union(
          [
            Type.Array(
              Pattern("^[a-zA-Z0-9][a-zA-Z0-9_.-]*[:=].+$", "write NAME:IP (or NAME=IP), such as db.example.test:192.0.2.10", {
                description: '`NAME:IP` or `NAME=IP`, e.g. `"db.example.test:192.0.2.10"`, `"v6host=::1"`.',
              }),
              { uniqueItems: true },
            ),
            NameMap(
              "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$",
              ref(IpAddress, { description: "The address this name stands for in /etc/hosts, IPv4 or IPv6, e.g. `192.0.2.10`." }),
              { propertyNames: { pattern: "^[a-zA-Z0-9][a-zA-Z0-9_.-]*$" } },
            ),
          ],
          {
            description:
              'Extra `/etc/hosts` lines (`docker run --add-host`), as Compose writes them: a list of `NAME:IP` (or `NAME=IP`), e.g. `["db.example.test:192.0.2.10"]`, or a map of name to address, e.g. `{ db.example.test: 192.0.2.10 }`. Only this container sees them; they win over DNS. Not allowed with `network_mode: container:...` (the engine refuses it).',
          },
        ),
      ),
      user: Type.Optional(
        Type.String({ minLength: 1, description: "The user (and group) the command runs as, e.g. `nobody` or `1000:1000`. Default: the image's user." }),
      ),
      working_dir: Type.Optional(
        Pattern("^/", "write an absolute path, such as /app", {
          description: "The working directory of the command, an absolute path, e.g. `/srv`. Default: the image's.",
        }),
      ),
      labels: Type.Optional(
        ref(Labels, {
          description: "Docker labels on the container, e.g. `{ com.example.role: frontend }`. Keys starting with `io.lab.` are reserved for the runner.",
        }),
      ),
      init: Type.Optional(
        Type.Boolean({
          description:
            "`true` runs a tiny init as PID 1 that forwards signals and reaps zombies (`docker run --init`), so that e.g. `sleep` stops at once on `stop`. Default false.",
          default: false,
        }),
      ),
      files: Type.Optional(
        NameMap("^/", Type.String({ description: "The file's content (text). A YAML block scalar (`|`) keeps line breaks." }), {
          description:
            'Text files copied into the container before it starts: absolute path in the container to content, e.g. `{ /etc/motd: "hello\\n" }`. There are no host bind mounts.',
          propertyNames: { pattern: "^/" },
        }),
      ),
      healthcheck: Type.Optional(
        ref(Healthcheck, {
          description:
            'A health check, as in Docker Compose: `{ test, interval, timeout, start_period, retries }`, e.g. `{ test: ["CMD", "nc", "-z", "localhost", "80"], interval: 1s }`. Default: the image\'s, if any.',
        }),
      ),
      wait: Type.Optional(
        ref(Wait, {
          description:
            'Readiness before the steps run: `{ healthy: true }`, `{ log: "ready" }` or `{ port: 80 }`, with an optional `timeout` (default 30s). Default: no wait, the container only has to be running.',
        }),
      ),
      start: Type.Optional(
        Type.Boolean({
          description: "`false` creates the container without starting it, so that a `start:` step starts it later. Default true.",
          default: true,
        }),
      ),
      create: Type.Optional(
        Type.Boolean({
          description:
            "`false` neither creates nor starts the container at provisioning: a `create:` step creates it (and a `start:` step starts it), so that a lab can show the engine refusing to create it (`expect: fail`, `error:`). Default true.",
          default: true,
        }),
      ),
    },
    {
      description:
        "A container, spelled close to Docker Compose. Options that give a container power over the host (`privileged`, `cap_add`, `volumes`/bind mounts, `pid`, `devices`, ...) are not part of format version 1.",
      additionalProperties: false,
    },
  ),
);
