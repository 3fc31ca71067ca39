import { describe, expect, it } from "vitest";
import { worldChange, worldChangingSteps } from "../src/api/world-change.js";
import { buildPlan } from "../src/plan/build-plan.js";
import { parseScenario } from "../src/scenario/load-scenario.js";

const plan = (yaml: string, runId = "abc123") => {
  const { scenario, diagnostics } = parseScenario("t.yaml", yaml);
  expect(diagnostics).toEqual([]);
  return buildPlan(scenario!, { runId, probeImage: "busybox" });
};

const WORLD = `name: watched
description: one network, two containers
networks: { app: {}, back: { internal: true } }
containers:
  db: { image: busybox, init: true, command: sleep 600, networks: { app: { aliases: [database] } } }
  web: { image: busybox, init: true, command: sleep 600, networks: [app, back], ports: ["127.0.0.1:18080:80"] }
`;
const STEPS = `steps:
  - resolve: { from: web, name: db }
  - tcp: { from: web, host: db, port: 80 }
    expect: fail
`;
const base = plan(WORLD + STEPS);

describe("worldChange: whether a save needs a new world (lab run --watch)", () => {
  it("the same file declares the same world", () => {
    expect(worldChange(base, plan(WORLD + STEPS))).toBeUndefined();
  });

  it("steps added, removed, reordered or edited leave the world as it is", () => {
    expect(worldChange(base, plan(`${WORLD}steps:\n  - ping: { from: db, host: web }\n  - resolve: { from: web, name: database }\n`))).toBeUndefined();
    expect(
      worldChange(base, plan(`${WORLD}steps:\n  - tcp: { from: web, host: db, port: 80 }\n    expect: fail\n  - resolve: { from: web, name: db }\n`)),
    ).toBeUndefined();
    expect(worldChange(base, plan(`${WORLD}steps:\n  - resolve: { from: db, name: web }\n`))).toBeUndefined();
  });

  it("comments, blank lines, the description and the timeout move lines but not the world", () => {
    const moved = `# a comment that shifts every line\n\n${WORLD.replace("one network, two containers", "reworded").replace("networks: { app", "timeout: 5m\nnetworks: { app")}${STEPS}`;
    expect(worldChange(base, plan(moved))).toBeUndefined();
  });

  it("an alias, a container, a network, a port or internal: changed is a new world, named in the reason", () => {
    expect(worldChange(base, plan(WORLD.replace("aliases: [database]", "aliases: [database, primary]") + STEPS))).toBe("container db changed");
    expect(worldChange(base, plan(`${WORLD}  cache: { image: busybox, networks: [back] }\n${STEPS}`))).toBe("container cache added");
    expect(worldChange(base, plan(WORLD.replace(", back: { internal: true }", ", back: {}") + STEPS))).toBe("network back changed");
    expect(worldChange(base, plan(WORLD.replace("18080:80", "18081:80") + STEPS))).toBe("container web changed");
    const noWeb = WORLD.split("\n")
      .filter((l) => !l.includes("web:"))
      .join("\n");
    expect(worldChange(base, plan(`${noWeb}steps:\n  - resolve: { from: db, name: db }\n`))).toBe("container web removed");
  });

  it("a container's command or image is part of the world", () => {
    expect(worldChange(base, plan(WORLD.replace("command: sleep 600, networks: { app", "command: sleep 601, networks: { app") + STEPS))).toBe(
      "container db changed",
    );
    expect(worldChange(base, plan(WORLD.replace("db: { image: busybox", "db: { image: nginx") + STEPS))).toMatch(/^container db changed, the images changed$/);
  });

  it("another scenario name (other real names) or another run is another world", () => {
    expect(worldChange(base, plan(WORLD.replace("name: watched", "name: renamed") + STEPS))).toBe("the scenario's name changed");
    expect(worldChange(base, plan(WORLD + STEPS, "def456"))).toBe("the scenario's name changed");
  });

  it("a step that lists a container's processes changes how its probes run: a new world", () => {
    // Probes may run in place (docker exec in the target) only while no step looks at the target's processes.
    expect(worldChange(base, plan(`${WORLD}steps:\n  - process: { container: db, command: sleep }\n`))).toBe("container db changed");
  });

  it("a first step that needs the probe image, in a world that had none, is a new world: the image is pulled at provisioning", () => {
    const bare = plan(`${WORLD}steps:\n  - tcp: { from: host, host: 127.0.0.1, port: 18080 }\n    expect: fail\n`);
    expect(worldChange(bare, base)).toBeUndefined(); // busybox is the image of the containers already
    const nginxOnly = WORLD.replaceAll("image: busybox", "image: nginx");
    expect(worldChange(plan(`${nginxOnly}steps: []\n`), plan(nginxOnly + STEPS))).toBe("the images changed");
  });
});

describe("worldChangingSteps: the steps after which the next run provisions again", () => {
  it("actions change the world; probes, sleep and exec with assertions do not", () => {
    const p = plan(`${WORLD}steps:
  - resolve: { from: web, name: db }
  - sleep: 1s
  - stop: db
  - exec: { container: web, command: touch /tmp/x }
  - exec: { container: web, command: "true", exit_code: 0 }
  - disconnect: { container: web, network: back }
`);
    expect(worldChangingSteps(p).map((s) => s.step.kind)).toEqual(["stop", "exec", "disconnect"]);
    expect(worldChangingSteps(base)).toEqual([]);
  });
});
