import { GenericContainer, Network, type StartedNetwork, type StartedTestContainer } from "testcontainers";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, leftovers, startLab } from "./cli.js";
import { mulberry32, removeLeftovers, scenarioDir, sleep, testSeed, token } from "../reliability/support.js";

/**
 * SIGKILL leaves lab no chance to tear down: `lab clean --run <id>` must then remove
 * everything of that run, by label, and nothing else. The test makes its own container and
 * network through testcontainers, named exactly like the scenario's (`kdb-…`, `kweb-…`,
 * network `knet-…`), and they must come out of every kill and clean untouched.
 */

const seed = testSeed("kills");
const random = mulberry32(seed);
const tok = token();
const [db, web, net] = [`kdb-${tok}`, `kweb-${tok}`, `knet-${tok}`];

const SCENARIO = `
name: kill-${tok}
networks: { ${net}: {} }
containers:
  ${db}: { image: busybox, init: true, command: ["sh", "-c", "sleep 1; echo ready; sleep 600"], networks: [${net}], wait: { log: ready } }
  ${web}: { image: busybox, init: true, command: sleep 600, networks: [${net}] }
  solo: { image: busybox, init: true, command: sleep 600 }
steps:
  - resolve: { from: ${web}, name: ${db} }
  - exec: { container: ${web}, command: sleep 1 }
  - resolve: { from: ${db}, name: ${web} }
`;

/**
 * Seeded moments after "provisioning" (the whole run takes about 3-4 s), one surely mid-steps, and two
 * in the teardown, cleaned at once: the engine is then still carrying out the killed run's last removals.
 */
const kills = [
  ...Array.from({ length: 5 }, () => ({ after: "provisioning", delayMs: Math.round(random() * 4_500), settle: true })),
  { after: "running steps", delayMs: 300, settle: true },
  ...Array.from({ length: 2 }, () => ({ after: "tearing down", delayMs: Math.round(random() * 100), settle: false })),
];

let foreignNet: StartedNetwork;
let foreignDb: StartedTestContainer;
let foreignWeb: StartedTestContainer;
let files: { dir: string; remove(): Promise<void> };
const runIds: string[] = [];
const foreignState = async (): Promise<string> =>
  [
    await docker(
      "inspect",
      "--format",
      "{{.Id}} {{.State.Status}} {{.State.StartedAt}} {{range $k, $v := .NetworkSettings.Networks}}{{$k}} {{end}}{{json .Config.Labels}}",
      db,
      web,
    ),
    await docker("network", "inspect", "--format", "{{.Id}} {{.Name}} {{len .Containers}} {{json .Labels}}", net),
  ].join("\n");

/** The run's leftovers once two looks half a second apart agree (at most 10 s). */
async function settled(runId: string): Promise<string[]> {
  let last = await leftovers(runId);
  for (let i = 0; i < 20; i++) {
    await sleep(500);
    const now = await leftovers(runId);
    if (now.join() === last.join()) return now;
    last = now;
  }
  return last;
}

beforeAll(async () => {
  files = await scenarioDir("kills", { "kill.yaml": SCENARIO });
  foreignNet = await new Network({ nextUuid: () => net }).start();
  foreignDb = await new GenericContainer("busybox").withName(db).withCommand(["sleep", "600"]).withNetwork(foreignNet).withStartupTimeout(20_000).start();
  foreignWeb = await new GenericContainer("busybox").withName(web).withCommand(["sleep", "600"]).withStartupTimeout(20_000).start();
  console.log(kills.map((k, i) => `kill ${i}: SIGKILL ${k.delayMs} ms after "${k.after}"`).join("\n"));
});

afterAll(async () => {
  await removeLeftovers(runIds);
  await Promise.allSettled([foreignDb?.stop({ timeout: 0 }), foreignWeb?.stop({ timeout: 0 })]);
  await foreignNet?.stop();
  await files?.remove();
});

describe(`SIGKILL at seeded moments, then lab clean (seed ${seed})`, () => {
  let before: string;

  it("the foreign container and network exist under the scenario's names", async () => {
    before = await foreignState();
    expect(before).toMatch(new RegExp(`running .*${net}`));
    expect(before).toMatch(new RegExp(`\\b${net} 1 `));
  });

  it("lab clean --run removes everything each killed run left, whenever the kill came", async () => {
    const outcomes = await Promise.all(
      kills.map(async (k, i) => {
        const run = startLab(["run", `${files.dir}/kill.yaml`]);
        await run.waitFor(new RegExp(`\\[kill-${tok}\\] ${k.after}`));
        await sleep(k.delayMs);
        run.child.kill("SIGKILL");
        const r = await run.done;
        runIds.push(r.runId!);
        // The engine finishes a create that a killed client had sent: wait until the run's resources stop changing.
        const left = k.settle ? await settled(r.runId!) : await leftovers(r.runId!);
        const clean = await startLab(["clean", "--run", r.runId!]).done;
        const after = await leftovers(r.runId!);
        await sleep(1_000);
        const later = await leftovers(r.runId!);
        return { i, k, r, left, clean, after, later };
      }),
    );
    console.log(outcomes.map((o) => `kill ${o.i}: run ${o.r.runId} left ${o.left.length} resources; ${o.clean.stdout.trim()}`).join("\n"));
    for (const { i, k, r, left, clean, after, later } of outcomes) {
      const context = `seed ${seed}, kill ${i} (${k.delayMs} ms after "${k.after}"), run ${r.runId}; left before the clean: ${left.join(", ")}\n--- run\n${r.stdout}${r.stderr}\n--- clean\n${clean.stdout}${clean.stderr}`;
      expect(r.signal, context).toBe("SIGKILL");
      expect(clean.code, context).toBe(0);
      const removed = /^removed (\d+) containers and (\d+) networks of run [0-9a-f]+$/m.exec(clean.stdout);
      expect(removed, context).not.toBeNull();
      // At least what was there; more when a create the killed run had sent landed during the clean.
      if (k.settle) expect(Number(removed![1]) + Number(removed![2]), context).toBeGreaterThanOrEqual(left.length);
      expect(after, context).toEqual([]);
      expect(later, context).toEqual([]);
    }
    // The kill mid-steps surely left the world up (3 containers, 1 network at least): the clean had real work to do.
    expect(outcomes[5]!.left.length).toBeGreaterThanOrEqual(4);
  });

  it("the foreign container and network are still there, untouched", async () => {
    expect(await foreignState()).toBe(before);
  });
});
