import { describe, expect, it } from "vitest";
import { docker, leftovers, removeNetworks } from "./cli.js";
import { runYaml } from "./run-api.js";

type Run = Awaited<ReturnType<typeof runYaml>>;

const removeAll = async (result: Run["result"]) => {
  await docker("rm", "-f", ...result.resources.filter((r) => r.kind === "container").map((r) => r.real)).catch(() => "");
  await removeNetworks(...result.resources.filter((r) => r.kind === "network").map((r) => r.real));
};
const realOf = (result: Run["result"]) => (name: string) => result.resources.find((r) => r.name === name)!.real;
/** What the engine's embedded DNS answers `name` in `container`, as the docker CLI sees it. */
const nslookup = (container: string, name: string) =>
  docker("exec", container, "nslookup", name, "127.0.0.11").catch((e: { stdout?: string }) => `failed: ${e.stdout ?? ""}`);

describe("links on user-defined networks, as docker run --network n --link", () => {
  it("resolve for the linker alone, follow the target, go with it; connect --link sets the endpoint's links", async () => {
    const { result, step } = await runYaml(
      `name: links-user
networks: { app: {} }
containers:
  first: { image: busybox, init: true, command: sleep 600, networks: { app: { aliases: [db] } } }
  linker: { image: busybox, init: true, command: sleep 600, networks: [app], links: ["first:foo"] }
  member: { image: busybox, init: true, command: sleep 600, networks: [app] }
  late: { image: busybox, init: true, command: sleep 600 }
steps:
  - { name: the linker resolves the link, resolve: { from: linker, name: foo, addresses: [first] } }
  - { name: another member does not, resolve: { from: member, name: foo }, expect: fail }
  - { name: every member resolves the alias, resolve: { from: member, name: db, addresses: [first] } }
  - { restart: first }
  - { name: the link follows a restart, resolve: { from: linker, name: foo, addresses: [first] } }
  - { disconnect: { container: first, network: app } }
  - { name: the link goes with the target, resolve: { from: linker, name: foo }, expect: fail }
  - { connect: { container: first, network: app, aliases: [db] } }
  - { name: and comes back with it, resolve: { from: linker, name: foo, addresses: [first] } }
  - { connect: { container: late, network: app, links: ["first:bar"] } }
  - { name: a link given at connect resolves, resolve: { from: late, name: bar, addresses: [first] } }
`,
      { keep: "always" },
    );
    try {
      for (const s of result.steps) expect(s.status, `${s.name}: ${s.message}`).toBe("passed");
      expect(step("another member does not").message).toMatch(/NXDOMAIN/);

      // The engine's view: the links sit on the endpoints, not in HostConfig.Links, and the embedded DNS answers them.
      const real = realOf(result);
      const app = real("app");
      const endpoint = async (c: string) =>
        JSON.parse(await docker("inspect", "-f", `{{json (index .NetworkSettings.Networks "${app}")}}`, real(c))) as {
          Links: string[] | null;
          IPAddress: string;
        };
      expect((await endpoint("linker")).Links).toEqual([`${real("first")}:foo`]);
      expect(await docker("inspect", "-f", "{{json .HostConfig.Links}}", real("linker"))).toBe("null");
      expect((await endpoint("late")).Links).toEqual([`${real("first")}:bar`]);
      const first = (await endpoint("first")).IPAddress;
      expect(await nslookup(real("linker"), "foo")).toContain(`Address: ${first}`);
      expect(await nslookup(real("member"), "foo")).toMatch(/^failed: .*NXDOMAIN/s);
      expect(await nslookup(real("late"), "bar")).toContain(`Address: ${first}`);
    } finally {
      await removeAll(result);
    }
    expect(await leftovers(result.runId)).toEqual([]);
  }, 180_000);
  it("shows the engine refusing a legacy link to a container off the default bridge, as a step", async () => {
    const { result, step } = await runYaml(
      `name: links-refused
networks: { app: {} }
containers:
  db: { image: busybox, init: true, command: sleep 600, networks: [app] }
  legacy: { image: busybox, init: true, command: sleep 600, links: [db], start: false }
steps:
  - { name: the engine refuses to start legacy, start: legacy, expect: fail, error: does not belong to the default network }
`,
      { keep: "always" },
    );
    try {
      expect(step("the engine refuses to start legacy").status, step("the engine refuses to start legacy").message).toBe("passed");
      const legacy = result.resources.find((r) => r.name === "legacy")!.real;
      // The engine's view: created, never started, the link where the CLI puts it.
      expect(await docker("inspect", "-f", "{{.State.Status}} {{json .HostConfig.Links}}", legacy)).toMatch(/^created \[".*db:\/.*legacy\/db"\]$/);
    } finally {
      await removeAll(result);
    }
    expect(await leftovers(result.runId)).toEqual([]);
  }, 120_000);
});
