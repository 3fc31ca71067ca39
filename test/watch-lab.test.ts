import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { watchLab } from "../src/api/watch-lab.js";
import type { RunEvent } from "../src/report/events.js";
import { FakeRuntime, fakeClock } from "./support/fake-runtime.js";

const WORLD = "name: s\nnetworks: { n: {} }\ncontainers:\n  a: { image: busybox, networks: [n] }\n  b: { image: busybox, networks: [n] }\nsteps:\n";
const RUNNING = "  - state: { container: a, status: running }\n";

const dirs: string[] = [];
afterEach(async () => Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true }))));

/**
 * The watch over a fake engine: `saves` are written one by one, each when the watch asks for
 * the next change; after the last one the watch is interrupted.
 */
async function watch(first: string, saves: string[], runtime = new FakeRuntime()) {
  const dir = await mkdtemp(join(tmpdir(), "lab-watch-unit-"));
  dirs.push(dir);
  const file = join(dir, "s.yaml");
  await writeFile(file, first);
  const stop = new AbortController();
  const lines: string[] = [];
  const runs: RunEvent[][] = [];
  const result = await watchLab({
    file,
    runId: "w1",
    runtime,
    clock: fakeClock(),
    signal: stop.signal,
    say: (l) => lines.push(l),
    reporters: async () => {
      const events: RunEvent[] = [];
      runs.push(events);
      return [{ onEvent: (e) => events.push(e) }];
    },
    nextChange: async () => {
      const next = saves.shift();
      if (next === undefined) stop.abort(new Error("interrupted by SIGINT"));
      else await writeFile(file, next);
    },
  });
  const creates = runtime.calls.filter((c) => c.startsWith("createContainer")).length;
  return { result, lines, runs, runtime, creates };
}

const ended = (events: RunEvent[]) => events.find((e) => e.type === "run-end") as Extract<RunEvent, { type: "run-end" }>;

describe("watchLab (lab run --watch)", () => {
  it("a steps-only save runs the steps again on the same containers; each run is a whole run for the reporters", async () => {
    const { result, lines, runs, creates, runtime } = await watch(WORLD + RUNNING, [WORLD + RUNNING + "  - state: { container: b, status: running }\n"]);
    expect(lines).toContain("lab: world unchanged: steps only");
    expect(runs).toHaveLength(2);
    expect(runs.map((r) => ended(r).results[0]!.steps.map((s) => `${s.name} ${s.status}`))).toEqual([
      ["a is running passed"],
      ["a is running passed", "b is running passed"],
    ]);
    expect(creates).toBe(2);
    expect(result).toMatchObject({ runId: "w1", runs: 2, lastExitCode: 0, leftBehind: [] });
    // Interrupted: everything torn down.
    expect(runtime.containers.size).toBe(0);
    expect(runtime.networks.size).toBe(0);
  });

  it("a world change tears the old world down and provisions the new one", async () => {
    const { lines, creates, runtime } = await watch(WORLD + RUNNING, [WORLD.replace("  b: { image: busybox, networks: [n] }\n", "") + RUNNING]);
    expect(lines).toContain("lab: world changed (container b removed): provisioning again");
    expect(creates).toBe(3);
    expect(runtime.containers.size).toBe(0);
  });

  it("after a run whose actions changed the world, the next run provisions it again, even for the same file", async () => {
    const withStop = WORLD + RUNNING + "  - stop: b\n";
    const { lines, creates } = await watch(withStop, [withStop]);
    expect(lines).toContain("lab: world changed (the last run's actions changed it: stop b): provisioning again");
    expect(creates).toBe(4);
  });

  it("an invalid save prints its diagnostics with their positions and leaves the world alone; a valid one after it runs steps only", async () => {
    const { lines, runs, creates, runtime } = await watch(WORLD + RUNNING, [`${WORLD}  - state: { container: a, status: [running\n`, WORLD + RUNNING]);
    expect(lines.some((l) => /s\.yaml:\d+:\d+: /.test(l))).toBe(true);
    expect(lines).toContain("lab: the file is not valid: the world is left as it is; fix it and save again");
    expect(lines).toContain("lab: world unchanged: steps only");
    expect(runs).toHaveLength(2);
    expect(creates).toBe(2);
    // Removed once, at the end: the invalid save touched nothing.
    expect(runtime.calls.filter((c) => c.startsWith("removeContainer"))).toHaveLength(2);
  });

  it("a failed provisioning is torn down at once, and the next save provisions again", async () => {
    const runtime = new FakeRuntime();
    runtime.fail["start lab-w1-s--b"] = "no such image";
    const { lines, runs } = await watch(WORLD + RUNNING, [WORLD + RUNNING], runtime);
    expect(ended(runs[0]!).results[0]!.status).not.toBe("passed");
    expect(lines.some((l) => l.startsWith("lab: the world could not be used again; tearing it down"))).toBe(true);
    expect(lines).not.toContain("lab: world unchanged: steps only");
  });
});

describe("lab run --watch: usage, refused before anything runs", () => {
  const flags = { pull: "missing" as const, probeImage: "busybox", watch: true };
  it("takes exactly one file, and no option that selects among scenarios or keeps a world", async () => {
    const { watchCommand } = await import("../src/cli/watch-command.js");
    const refused = async (paths: string[], extra: object): Promise<string> => {
      const error = await watchCommand(paths, { ...flags, ...extra }).then(
        () => undefined,
        (e: unknown) => e as { code: string; exitCode: number; message: string },
      );
      expect(error?.code).toBe("E_USAGE");
      expect(error?.exitCode).toBe(2);
      return error!.message;
    };
    expect(await refused(["scenarios/dns.yaml", "scenarios/links.yaml"], {})).toBe("--watch takes one scenario file, not 2: lab run --watch FILE");
    expect(await refused(["scenarios/"], {})).toBe("--watch takes one scenario file; scenarios/ is not a file");
    expect(await refused(["no/such.yaml"], {})).toBe("--watch takes one scenario file; no/such.yaml does not exist");
    expect(await refused(["scenarios/dns.yaml"], { keep: true })).toMatch(/^--keep does not go with --watch/);
    expect(await refused(["scenarios/dns.yaml"], { tag: ["dns"] })).toMatch(/^--tag does not go with --watch/);
  });
});
