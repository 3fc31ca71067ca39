import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../src/errors.js";
import { parseScenario } from "../src/scenario/load-scenario.js";

const parse = (yaml: string) => {
  const r = parseScenario("/tmp/refusals.yaml", yaml);
  return {
    errors: r.diagnostics.map((d) => `${d.line}: ${d.message}`),
    warnings: (r.warnings ?? []).map((d) => `${d.line}: ${d.message}`),
    valid: !!r.scenario,
  };
};

const sidecar = (extra: string, steps = "") =>
  `name: r\ncontainers:\n  owner: { image: busybox }\n  side: { image: busybox, network_mode: "container:owner", ${extra} }\n${steps}`;

// What Engine 20.10 refuses and when, measured with the docker CLI and the Engine API
// (docs/scenario-format.md, "What the engine refuses").
describe("rules that predict an engine refusal", () => {
  it.each([
    ["hostname: h", /refuses a hostname of its own/],
    ["ports: ['18080:80']", /refuses published ports/],
    ["dns: 192.0.2.53", /refuses DNS servers/],
    ["extra_hosts: ['a:192.0.2.1']", /refuses host entries/],
    ["links: [owner]", /refuses links there/],
  ])("a container in network_mode container:X with %s is an error that says how to show the refusal", (extra, said) => {
    const r = parse(sidecar(extra));
    expect(r.valid).toBe(false);
    expect(r.errors).toEqual([expect.stringMatching(said)]);
    expect(r.errors[0]).toMatch(/declare "side" `create: false` and create it in a step `create: side` with `expect: fail`/);
  });

  it("is a warning, naming the step, when a create step expects the refusal", () => {
    const r = parse(sidecar("dns: 192.0.2.53, create: false", "steps:\n  - sleep: 1ms\n  - { create: side, expect: fail, error: conflicting options }\n"));
    expect(r).toEqual({ valid: true, errors: [], warnings: [expect.stringMatching(/^4: .*refuses DNS servers.*step 2 expects the engine to refuse it/)] });
  });

  it("stays an error when the step that expects it would come too late: the world itself creates the container", () => {
    const r = parse(sidecar("dns: 192.0.2.53", "steps:\n  - { create: side, expect: fail }\n"));
    expect(r.valid).toBe(false);
  });

  it("stays an error when the first create step expects it to pass", () => {
    const r = parse(sidecar("dns: 192.0.2.53, create: false", "steps:\n  - { create: side }\n  - { create: side, expect: fail }\n"));
    expect(r.errors).toEqual([expect.stringMatching(/refuses DNS servers/)]);
  });

  it("accepts what the engine accepts in that mode: search domains, resolver options, a domain name, no hostname", () => {
    expect(parse(sidecar("dns_search: [example.test], dns_opt: ['ndots:2'], domainname: example.test, hostname: false"))).toEqual({
      valid: true,
      errors: [],
      warnings: [],
    });
  });

  it("refuses links in host mode at create, and says none mode would drop them", () => {
    const host = parse(`name: r\ncontainers:\n  db: { image: busybox }\n  h: { image: busybox, network_mode: host, links: [db] }\n`);
    expect(host.errors).toEqual([expect.stringMatching(/network_mode "host", and the engine refuses links there/)]);
    const none = parse(`name: r\ncontainers:\n  db: { image: busybox }\n  n: { image: busybox, network_mode: none, links: [db] }\n`);
    expect(none.errors).toEqual([expect.stringMatching(/network_mode "none", which takes no links/)]);
  });

  it("refuses a container that starts with the world on a network the world does not create", () => {
    const yaml = (container: string, steps = "") =>
      `name: r\nnetworks:\n  later: { create: false }\ncontainers:\n  web: { image: busybox, networks: [later]${container} }\n${steps}`;
    expect(parse(yaml("")).errors).toEqual([
      expect.stringMatching(/^5: container "web" starts with the world on network "later", which is declared `create: false`/),
    ]);
    expect(parse(yaml(", create: false", "steps:\n  - create_network: later\n  - create: web\n  - start: web\n")).errors).toEqual([]);
    expect(parse(yaml(", start: false", "steps:\n  - create_network: later\n  - start: web\n")).errors).toEqual([]);
  });

  it("formats a warning as one, so that it is never read as the reason a file was refused", () => {
    const r = parseScenario("/tmp/w.yaml", sidecar("dns: 192.0.2.53, create: false", "steps:\n  - { create: side, expect: fail }\n"));
    expect(formatDiagnostic(r.warnings![0]!)).toMatch(/^\/tmp\/w\.yaml:4:\d+: warning: container "side"/);
  });

  it("address rules: a fixed address outside its subnet is refused at start, and can be the lesson", () => {
    const yaml = (web: string, steps = "") =>
      `name: r\nnetworks:\n  app: { subnet: 10.231.50.0/24 }\ncontainers:\n  web:\n    image: busybox\n    networks: { app: { ipv4_address: 10.231.51.5 } }\n${web}${steps}`;
    const plain = parse(yaml(""));
    expect(plain.errors).toEqual([
      expect.stringMatching(/^7: address 10\.231\.51\.5 of container "web" is outside subnet 10\.231\.50\.0\/24 of network "app"$/),
    ]);
    const lesson = parse(yaml("    start: false\n", "steps:\n  - { start: web, expect: fail, error: Invalid address }\n"));
    expect(lesson).toEqual({ valid: true, errors: [], warnings: [expect.stringMatching(/outside subnet .*step 1 expects the engine to refuse it/)] });
  });

  it("address rules: overlapping subnets are refused at network create, and can be the lesson", () => {
    const yaml = (later: string, steps = "") => `name: r\nnetworks:\n  one: { subnet: 10.231.52.0/24 }\n  two: { subnet: 10.231.52.128/25${later} }\n${steps}`;
    expect(parse(yaml("")).errors).toEqual([
      expect.stringMatching(/overlaps subnet 10\.231\.52\.0\/24 of network "one"; the engine refuses overlapping subnets, so give them separate ranges$/),
    ]);
    expect(parse(yaml(", create: false", "steps:\n  - { create_network: two, expect: fail, error: overlaps }\n"))).toEqual({
      valid: true,
      errors: [],
      warnings: [expect.stringMatching(/overlaps .*step 1 expects the engine to refuse it/)],
    });
  });
});
