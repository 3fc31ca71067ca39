// Unit test of schema/scenario.schema.json: it compiles in Ajv's strict mode, every object
// schema is closed, every property has help text for editors, the format document's example
// is valid, and typical mistakes are rejected for the right reason.
import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import Ajv2020 from "ajv/dist/2020.js";
import type { ErrorObject } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { parse } from "yaml";

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type SchemaNode = { [key: string]: Json };

const schemaUrl = new URL("../schema/scenario.schema.json", import.meta.url);
const schema = JSON.parse(readFileSync(schemaUrl, "utf8")) as SchemaNode;

// Under "module": "NodeNext", TypeScript types the default import of these CommonJS packages as
// the whole module; at run time it is the class/plugin itself, which also sits on `.default`.
const Ajv = Ajv2020.default;
const addFormatsPlugin = addFormats.default;

const logged: string[] = [];
const record =
  (level: string) =>
  (...args: unknown[]): void => {
    logged.push(`${level}: ${args.map(String).join(" ")}`);
  };
const ajv = new Ajv({
  strict: true,
  allErrors: true,
  logger: { log: record("log"), warn: record("warn"), error: record("error") },
});
addFormatsPlugin(ajv);
// Compiled here, but a failure is reported by its own test, so that the structural checks
// below still run and report their offenders.
let compileError: unknown;
let validate: ReturnType<typeof ajv.compile> | undefined;
try {
  validate = ajv.compile(schema);
} catch (error) {
  compileError = error;
}

function errorsOf(data: unknown): ErrorObject[] {
  if (!validate) throw new Error(`the schema does not compile: ${String(compileError)}`);
  return validate(data) ? [] : [...(validate.errors ?? [])];
}

function fixture(path: string): unknown {
  return parse(readFileSync(new URL(`fixtures/${path}`, import.meta.url), "utf8"));
}

// ---------------------------------------------------------------------------------------------
// Walking the schema

const escapePointer = (key: string): string => key.replace(/~/g, "~0").replace(/\//g, "~1");
const isPlainObject = (value: unknown): value is SchemaNode => typeof value === "object" && value !== null && !Array.isArray(value);

/** Keywords whose value is one subschema. */
const SCHEMA_KEYWORDS = [
  "additionalProperties",
  "items",
  "contains",
  "propertyNames",
  "not",
  "if",
  "then",
  "else",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
];
/** Keywords whose value maps names to subschemas. */
const SCHEMA_MAP_KEYWORDS = ["properties", "patternProperties", "$defs", "dependentSchemas"];
/** Keywords whose value is a list of subschemas. */
const SCHEMA_LIST_KEYWORDS = ["anyOf", "oneOf", "allOf", "prefixItems"];

/** Calls `visit` with every subschema of `node` (itself included) and its JSON pointer. */
function walk(node: Json, pointer: string, visit: (node: SchemaNode, pointer: string) => void): void {
  if (!isPlainObject(node)) return; // boolean schemas
  visit(node, pointer);
  for (const keyword of SCHEMA_KEYWORDS) {
    if (keyword in node) walk(node[keyword]!, `${pointer}/${keyword}`, visit);
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const map = node[keyword];
    if (!isPlainObject(map)) continue;
    for (const [name, sub] of Object.entries(map)) {
      walk(sub, `${pointer}/${keyword}/${escapePointer(name)}`, visit);
    }
  }
  for (const keyword of SCHEMA_LIST_KEYWORDS) {
    const list = node[keyword];
    if (!Array.isArray(list)) continue;
    list.forEach((sub, index) => walk(sub, `${pointer}/${keyword}/${index}`, visit));
  }
}

function isObjectSchema(node: SchemaNode): boolean {
  const type = node["type"];
  return type === "object" || (Array.isArray(type) && type.includes("object")) || "properties" in node || "patternProperties" in node;
}

const allSubschemas: Array<{ node: SchemaNode; pointer: string }> = [];
walk(schema, "", (node, pointer) => allSubschemas.push({ node, pointer }));

const $defs = schema["$defs"] as Record<string, SchemaNode>;
const propertyNamesOf = (node: SchemaNode): string[] => Object.keys((node["properties"] ?? {}) as SchemaNode).sort();

// ---------------------------------------------------------------------------------------------

describe("scenario.schema.json", () => {
  it("declares draft 2020-12, its $id and a title", () => {
    expect(schema["$schema"]).toBe("https://json-schema.org/draft/2020-12/schema");
    expect(schema["$id"]).toBe("https://lab.dev/schema/scenario.schema.json");
    expect(typeof schema["title"]).toBe("string");
  });

  it("compiles in Ajv strict mode without any warning", () => {
    expect(compileError === undefined ? "" : String(compileError)).toBe("");
    expect(typeof validate).toBe("function");
    expect(logged).toEqual([]);
  });

  it("walks a non-trivial schema (sanity check of the walker)", () => {
    expect(allSubschemas.length).toBeGreaterThan(100);
    expect(allSubschemas.map((s) => s.pointer)).toContain("/$defs/step/properties/inspect/properties/path");
  });

  it("closes every object schema with additionalProperties: false", () => {
    const offenders = allSubschemas.filter(({ node }) => isObjectSchema(node) && node["additionalProperties"] !== false).map(({ pointer }) => pointer || "/");
    expect(offenders).toEqual([]);
  });

  it("gives every property (and map value) a non-empty description", () => {
    const offenders: string[] = [];
    for (const { node, pointer } of allSubschemas) {
      for (const keyword of ["properties", "patternProperties"]) {
        const map = node[keyword];
        if (!isPlainObject(map)) continue;
        for (const [name, sub] of Object.entries(map)) {
          const description = isPlainObject(sub) ? sub["description"] : undefined;
          if (typeof description !== "string" || description.trim() === "") {
            offenders.push(`${pointer}/${keyword}/${escapePointer(name)}`);
          }
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("has exactly the keys of format v1 at the top level, in containers and in steps", () => {
    expect(propertyNamesOf(schema)).toEqual(
      ["containers", "description", "images", "known_differences", "name", "networks", "serial", "steps", "tags", "timeout", "version"].sort(),
    );
    expect(propertyNamesOf($defs["container"]!)).toEqual(
      [
        "image",
        "command",
        "entrypoint",
        "environment",
        "ports",
        "networks",
        "network_mode",
        "links",
        "hostname",
        "user",
        "working_dir",
        "labels",
        "init",
        "files",
        "healthcheck",
        "wait",
        "start",
        "domainname",
        "dns",
        "dns_search",
        "dns_opt",
        "extra_hosts",
        "create",
      ].sort(),
    );
    expect(propertyNamesOf($defs["step"]!)).toEqual(
      [
        // common keys
        "name",
        "expect",
        "error",
        "reason",
        "timeout",
        "hint",
        "serial",
        "known_differences",
        // probes
        "resolve",
        "tcp",
        "http",
        "ping",
        "reach",
        "exec",
        "logs",
        "process",
        "host_process",
        "inspect",
        "state",
        "port",
        "interfaces",
        "stats",
        // actions
        "start",
        "stop",
        "restart",
        "kill",
        "pause",
        "unpause",
        "remove",
        "connect",
        "disconnect",
        "sleep",
        "create",
        "rename",
        "create_network",
        "remove_network",
        // exercises: the kind and the keys it brings
        "task",
        "solution",
        "check",
      ].sort(),
    );
    // The step is one closed object, not a oneOf: "exactly one kind key" is checked in code.
    expect($defs["step"]).not.toHaveProperty("oneOf");
    expect($defs["step"]).not.toHaveProperty("anyOf");
  });

  it("has no key that gives a container power over the host", () => {
    const forbidden = new Set([
      "privileged",
      "cap_add",
      "cap_drop",
      "pid",
      "ipc",
      "uts",
      "userns_mode",
      "devices",
      "volumes",
      "volumes_from",
      "mounts",
      "tmpfs",
      "security_opt",
      "sysctls",
      "cgroup_parent",
      "device_cgroup_rules",
    ]);
    const found = allSubschemas.flatMap(({ node, pointer }) =>
      propertyNamesOf(node)
        .filter((name) => forbidden.has(name))
        .map((name) => `${pointer}/properties/${name}`),
    );
    expect(found).toEqual([]);
  });
});

describe("valid scenarios", () => {
  it("accepts the example of the format document", () => {
    expect(errorsOf(fixture("valid/format-example.yaml"))).toEqual([]);
  });

  it("accepts a scenario that uses every key", () => {
    const scenario = parse(`
version: 1
name: kitchen-sink
description: Uses every key of format v1.
tags: [all, keys-2]
timeout: 1.5m
images:
  lab/web:1: { build: ./web, dockerfile: Dockerfile.web }
  tool: { build: ./tool }
networks:
  app:
  backend: { driver: bridge, internal: true, subnet: 172.28.0.0/16, gateway: 172.28.0.1, labels: { com.example.tier: backend } }
containers:
  web:
    image: lab/web:1
    command: ["httpd", "-f", "-p", "80"]
    entrypoint: /bin/sh -c
    environment: { MODE: test, PORT: 80, DEBUG: true }
    ports: ["8080:80", "127.0.0.1:8081:81/udp", "[::1]:8082:82/tcp", "83", "84/udp", { container: 85 },
            { host: 8086, container: 86, protocol: udp, host_ip: "127.0.0.1" }, { container: 87, host_ip: "::" }]
    networks:
      app: { aliases: [www, web.local] }
      backend: { ipv4_address: 172.28.0.10 }
    hostname: web-1
    user: "1000:1000"
    working_dir: /srv
    labels: { com.example.role: frontend }
    init: true
    files:
      /srv/index.html: |
        <h1>Welcome</h1>
    healthcheck: { test: ["CMD", "nc", "-z", "localhost", "80"], interval: 1s, timeout: 500ms, start_period: 0s, retries: 3 }
    wait: { healthy: true, log: ready, port: 80, timeout: 20s }
  db:
    image: busybox
    environment: ["A=1", "B="]
    networks: [app]
    healthcheck: { test: "nc -z localhost 5432" }
    wait: { log: ready }
  old:
    image: busybox
    links: [db, "web:www"]
    start: false
  side:
    image: busybox
    network_mode: container:web
  hostnet:
    image: busybox
    network_mode: host
steps:
  - resolve: { from: web, name: db, addresses: [db, 172.28.0.10] }
    name: resolve
    expect: pass
    timeout: 5s
    hint: Look at /etc/resolv.conf.
  - resolve: { from: host, name: localhost }
  - tcp: { from: web, host: db, port: 5432 }
  - http: { from: host, url: "http://localhost:8080/", status: 404, contains: Welcome }
  - ping: { from: web, host: db }
    expect: fail
    error: "/100% packet loss|unreachable/"
  - exec: { container: web, command: "cat /etc/hosts", exit_code: 0, stdout: { contains: db, matches: "^127\\\\.", equals: x }, stderr: { equals: "" } }
  - exec: { container: web, command: [touch, /tmp/x] }
  - logs: { container: db, contains: ready }
  - logs: { container: db, matches: "ready( now)?" }
  - process: { container: web, command: httpd }
  - host_process: { container: web }
  - inspect: { container: web, path: State.Status, equals: running }
  - inspect: { network: app, path: IPAM.Config, exists: true }
  - inspect: { container: web, path: NetworkSettings.Networks, contains: app, matches: "a.p" }
  - inspect: { container: web, path: Config.Labels, equals: { com.example.role: frontend } }
  - state: { container: web, status: running }
  - state: { container: old, status: exited, exit_code: 137 }
  - port: { container: web, mappings: ["80/tcp -> 0.0.0.0:8080", "80/tcp -> [::]:8080"] }
  - interfaces: { container: web, has: [eth0, eth1] }
  - interfaces: { container: side, only: [lo, eth0] }
  - stats: { container: web }
  - start: old
  - stop: old
  - restart: web
  - kill: web
  - pause: db
  - unpause: db
  - remove: old
  - connect: { container: db, network: backend, aliases: [database] }
  - connect: { container: db, network: app }
  - disconnect: { container: db, network: backend }
  - sleep: 500ms
`);
    expect(errorsOf(scenario)).toEqual([]);
  });

  it.each([
    ["defaults everywhere", "name: minimal"],
    ["an empty network written as {}", "name: a\nnetworks: { app: {} }"],
    ["a network map entry without settings", "name: a\nnetworks: { app: }\ncontainers: { c: { image: busybox, networks: { app: } } }"],
    ["a port map without host", "name: a\ncontainers: { c: { image: busybox, ports: [{ container: 80 }] } }"],
    ["highest port", "name: a\ncontainers: { c: { image: busybox, ports: ['65535:65535'] } }"],
  ])("accepts %s", (_label, yaml) => {
    expect(errorsOf(parse(yaml))).toEqual([]);
  });
});

describe("invalid scenarios", () => {
  const base = `
name: broken
containers:
  web:
    image: busybox
`;
  type Case = [label: string, yaml: string, path: string, keyword: string];
  const cases: Case[] = [
    ["an unknown container key", `${base}    privileged: true\n`, "/containers/web", "additionalProperties"],
    ["a host bind mount", `${base}    volumes: ["/:/host"]\n`, "/containers/web", "additionalProperties"],
    ["an unknown top-level key", `${base}service: {}\n`, "", "additionalProperties"],
    ["a bad duration (space and unit)", `${base}timeout: 10 sec\n`, "/timeout", "pattern"],
    ["a duration without unit", `${base}timeout: "10"\n`, "/timeout", "pattern"],
    ["a duration as a number", `${base}timeout: 10\n`, "/timeout", "type"],
    ["a bad port string", `${base}    ports: ["80:80:80:80"]\n`, "/containers/web/ports/0", "pattern"],
    ["a port string with a word", `${base}    ports: ["http"]\n`, "/containers/web/ports/0", "pattern"],
    ["port 0", `${base}    ports: ["0:80"]\n`, "/containers/web/ports/0", "pattern"],
    ["a port above 65535", `${base}    ports: ["70000:80"]\n`, "/containers/web/ports/0", "pattern"],
    ["an IP without host port", `${base}    ports: ["127.0.0.1:80"]\n`, "/containers/web/ports/0", "pattern"],
    ["a bad protocol", `${base}    ports: ["80/sctp"]\n`, "/containers/web/ports/0", "pattern"],
    ["a port object without container", `${base}    ports: [{ host: 8080 }]\n`, "/containers/web/ports/0", "required"],
    ["a bad network_mode", `${base}    network_mode: bridged\n`, "/containers/web/network_mode", "pattern"],
    ["network_mode container: without name", `${base}    network_mode: "container:"\n`, "/containers/web/network_mode", "pattern"],
    ["an unknown step key", `${base}steps:\n  - resolv: { from: web, name: db }\n`, "/steps/0", "additionalProperties"],
    ["an unknown probe argument", `${base}steps:\n  - tcp: { from: web, host: db, port: 80, retries: 3 }\n`, "/steps/0/tcp", "additionalProperties"],
    ["a probe without a required argument", `${base}steps:\n  - tcp: { from: web, host: db }\n`, "/steps/0/tcp", "required"],
    ["a bad expect", `${base}steps:\n  - start: web\n    expect: failure\n`, "/steps/0/expect", "enum"],
    ["a bad step timeout", `${base}steps:\n  - start: web\n    timeout: soon\n`, "/steps/0/timeout", "pattern"],
    ["an empty matcher", `${base}steps:\n  - exec: { container: web, command: ls, stdout: {} }\n`, "/steps/0/exec/stdout", "minProperties"],
    ["a bad state status", `${base}steps:\n  - state: { container: web, status: stopped }\n`, "/steps/0/state/status", "enum"],
    ["a missing name", "containers: {}\n", "", "required"],
    ["a bad scenario name", "name: My_Scenario\n", "/name", "pattern"],
    ["version 2", `${base}version: 2\n`, "/version", "const"],
    ["a container named host", "name: a\ncontainers:\n  host: { image: busybox }\n", "/containers", "propertyNames"],
    ["a network named bridge", "name: a\nnetworks:\n  bridge: {}\n", "/networks", "propertyNames"],
    ["a container without image", "name: a\ncontainers:\n  web: {}\n", "/containers/web", "required"],
    ["a wait with only a timeout", `${base}    wait: { timeout: 10s }\n`, "/containers/web/wait", "minProperties"],
    ["an empty wait", `${base}    wait: {}\n`, "/containers/web/wait", "minProperties"],
    ["wait healthy: false", `${base}    wait: { healthy: false }\n`, "/containers/web/wait/healthy", "const"],
    ["a relative file path", `${base}    files: { etc/motd: hi }\n`, "/containers/web/files", "propertyNames"],
    ["a reserved label", `${base}    labels: { io.lab.run: x }\n`, "/containers/web/labels", "propertyNames"],
    ["an environment entry without =", `${base}    environment: [DEBUG]\n`, "/containers/web/environment/0", "pattern"],
    ["a nested environment value", `${base}    environment: { A: { b: 1 } }\n`, "/containers/web/environment/A", "type"],
    ["a duplicate network", `${base}    networks: [app, app]\n`, "/containers/web/networks", "uniqueItems"],
    ["a bad link", `${base}    links: ["db:alias:x"]\n`, "/containers/web/links/0", "pattern"],
    ["a healthcheck without test", `${base}    healthcheck: { interval: 1s }\n`, "/containers/web/healthcheck", "required"],
    ["an image without build", "name: a\nimages:\n  web: { dockerfile: Dockerfile }\n", "/images/web", "required"],
  ];

  it.each(cases)("rejects %s", (_label, yaml, path, keyword) => {
    const errors = errorsOf(parse(yaml));
    expect(errors.length).toBeGreaterThan(0);
    const summary = errors.map((e) => `${e.instancePath} ${e.keyword}`);
    expect(summary).toContain(`${path} ${keyword}`);
  });
});
