import { describe, expect, it } from "vitest";
import { buildPlan } from "../src/plan/build-plan.js";
import { NameRegistry } from "../src/provision/name-map.js";
import { engineRef } from "../src/runtime/runtime.js";
import { parseScenario } from "../src/scenario/load-scenario.js";

const plan = buildPlan(parseScenario("t.yaml", "name: names\nnetworks: { app: {} }\ncontainers:\n  web: { image: busybox, networks: [app] }\n").scenario!, {
  runId: "r1",
  probeImage: "busybox",
});
const WEB = engineRef("3f9a1c0d2e4b5a6978800112233445566778899aabbccddeeff00112233445566");

describe("NameRegistry", () => {
  it("gives the planned real name before a resource exists, its id after, and the engine's own names as written", () => {
    const names = new NameRegistry(plan);
    expect([names.container("web"), names.network("app"), names.network("bridge")]).toEqual(["lab-r1-names--web", "lab-r1-names--app", "bridge"]);
    names.recordContainer("web", WEB);
    names.recordNetwork("app", engineRef("net9"));
    expect([names.container("web"), names.network("app"), names.realName("web")]).toEqual([WEB, "net9", "lab-r1-names--web"]);
    expect([...names.containers]).toEqual([["web", WEB]]);
  });

  it("says the engine's ids, full or short, in the scenario's names", () => {
    const names = new NameRegistry(plan);
    names.recordContainer("web", WEB);
    expect(names.inScenarioTerms(`No such container: ${WEB}; cannot join ${WEB.slice(0, 12)}`)).toBe("No such container: web; cannot join web");
  });
});
