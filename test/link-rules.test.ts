import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/load-scenario.js";

const messages = (yaml: string): string[] => parseScenario("/tmp/links.yaml", yaml).diagnostics.map((d) => `${d.line}: ${d.message}`);

// What Engine 20.10 does with each link, verified with the docker CLI (docs/scenario-format.md, "Links").
describe("link rules follow what the engine refuses", () => {
  it("refuses a legacy link to a container off the default bridge: the engine refuses to start it", () => {
    expect(
      messages(`name: l\nnetworks: { app: {} }\ncontainers:\n  db: { image: busybox, networks: [app] }\n  legacy: { image: busybox, links: [db] }\n`),
    ).toEqual([expect.stringMatching(/^5: container "legacy" links to "db", but they share no network .*the engine would refuse to start it/)]);
  });

  it("allows that link, with a warning, when the scenario starts the linker in a step that expects the refusal", () => {
    const yaml = `name: l\nnetworks: { app: {} }\ncontainers:\n  db: { image: busybox, networks: [app] }\n  legacy: { image: busybox, links: [db], start: false }\nsteps:\n  - { start: legacy, expect: fail, error: does not belong to the default network }\n`;
    expect(messages(yaml)).toEqual([]);
    expect(parseScenario("/tmp/links.yaml", yaml).warnings?.map((d) => d.message)).toEqual([expect.stringMatching(/step 1 expects the engine to refuse it/)]);
  });

  it("allows a link on a user network to a container elsewhere: the engine accepts it, the name just does not resolve", () => {
    expect(
      messages(
        `name: l\nnetworks: { app: {}, back: {} }\ncontainers:\n  db: { image: busybox, networks: [back] }\n  web: { image: busybox, networks: [app], links: [db] }\n`,
      ),
    ).toEqual([]);
  });

  it("allows a link to a container in network_mode container:X, judged by X's networks", () => {
    expect(
      messages(
        `name: l\ncontainers:\n  owner: { image: busybox }\n  sidecar: { image: busybox, network_mode: "container:owner" }\n  linker: { image: busybox, links: ["sidecar:side"] }\n`,
      ),
    ).toEqual([]);
    expect(
      messages(
        `name: l\nnetworks: { app: {} }\ncontainers:\n  owner: { image: busybox, networks: [app] }\n  sidecar: { image: busybox, network_mode: "container:owner" }\n  linker: { image: busybox, links: ["sidecar:side"] }\n`,
      ),
    ).toEqual([expect.stringMatching(/^6: container "linker" links to "sidecar", but they share no network/)]);
  });
});
