import { describe, expect, it } from "vitest";
import { runLab } from "../../src/api/run-lab.js";
import { docker, leftovers, removeNetworks, SCENARIOS } from "./cli.js";

// lab never makes the engine a swarm node: CI does (`bash scripts/setup --swarm` from .ci/run).
// Elsewhere, without a swarm, the overlay lab cannot run and this file says why.
const swarm = await docker("info", "--format", "{{.Swarm.LocalNodeState}}");
const inCi = process.env.CI === "true" || process.env.CI === "1";
const why = `the engine is not a swarm node (state "${swarm}"); run bash scripts/setup --swarm to run the overlay lab`;

describe.skipIf(swarm !== "active" && !inCi)(`the overlay lab on a one-node swarm${swarm === "active" ? "" : ` (skipped: ${why})`}`, () => {
  it("runs, and the engine shows an attachable swarm-scoped overlay whose alias answers with every member (DNS round robin)", async () => {
    expect(swarm, `CI must run bash scripts/setup --swarm before the tests: ${why}`).toBe("active");
    const { results } = await runLab({ paths: [`${SCENARIOS}/overlay.yaml`], reporters: [], keep: "always" });
    const result = results[0]!;
    const real = (n: string) => result.resources.find((r) => r.name === n)!.real;
    try {
      expect(result.steps.filter((s) => s.status !== "passed").map((s) => `${s.name}: ${s.status} ${s.message}`)).toEqual([]);
      expect(result.status).toBe("passed");
      const mesh = real("mesh");
      expect(await docker("network", "inspect", "-f", "{{.Driver}} {{.Scope}} {{.Attachable}}", mesh)).toBe("overlay swarm true");
      const ip = async (c: string) => docker("inspect", "-f", `{{(index .NetworkSettings.Networks "${mesh}").IPAddress}}`, real(c));
      const answer = async () =>
        (await docker("exec", real("client"), "nslookup", "web"))
          .split("\n")
          .filter((l) => l.startsWith("Address: "))
          .map((l) => l.slice("Address: ".length))
          .sort();
      // The lab ended with web-b off the network: the alias answers with web-a alone.
      expect(await answer()).toEqual([await ip("web-a")]);
      // Back on it, under the alias: both containers' own addresses, and no virtual IP besides.
      await docker("network", "connect", "--alias", "web", mesh, real("web-b"));
      expect(await answer()).toEqual([await ip("web-a"), await ip("web-b")].sort());
      expect(await docker("exec", real("client"), "cat", "/sys/class/net/eth0/mtu")).toBe("1450");
    } finally {
      await docker("rm", "-f", ...["web-a", "web-b", "client"].map(real)).catch(() => "");
      await removeNetworks(real("mesh"));
    }
    expect(await leftovers(result.runId)).toEqual([]);
  });
});
