import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { docker, leftovers, startLab } from "./cli.js";
import { mulberry32, removeLeftovers, scenarioDir, sleep, testSeed, token } from "../reliability/support.js";

/**
 * 20 runs, each interrupted by SIGINT or SIGTERM at a moment drawn from a seeded random
 * (printed; LAB_TEST_SEED replays it), five of them in each phase: provisioning, the
 * readiness wait, the steps, the teardown. Every run must end with its exit code and the
 * two sentences of docs/cli.md, and the engine must hold nothing of it afterwards.
 */

const PHASES = ["provisioning", "readiness", "steps", "teardown"] as const;
type Phase = (typeof PHASES)[number];
const RUNS = 20;

// `slow` logs "ready" 2 s after it starts: the readiness wait lasts about that long. The exec
// keeps the steps busy for 2 s. `solo` sits on the default bridge, so both kinds of network are torn down.
const scenario = (name: string): string => `
name: ${name}
networks: { net: {} }
containers:
  slow: { image: busybox, init: true, command: ["sh", "-c", "sleep 4; echo ready; sleep 600"], networks: [net], wait: { log: ready } }
  peer: { image: busybox, init: true, command: sleep 600, networks: [net] }
  solo: { image: busybox, init: true, command: sleep 600 }
steps:
  - resolve: { from: peer, name: slow }
  - exec: { container: peer, command: sleep 2 }
  - resolve: { from: slow, name: peer }
`;

interface Plan {
  i: number;
  title: string;
  phase: Phase;
  signal: "SIGINT" | "SIGTERM";
  delayMs: number;
}

const seed = testSeed("interrupts");
const random = mulberry32(seed);
const tok = token();
/** Each phase five times, in a seeded order; the signal and the delay within the phase drawn too. */
const plans: Plan[] = Array.from({ length: RUNS }, (_, i) => PHASES[i % PHASES.length]!)
  .map((phase) => ({ phase, key: random() }))
  .sort((a, b) => a.key - b.key)
  .map(({ phase }, i) => {
    const signal = random() < 0.5 ? "SIGINT" : "SIGTERM";
    // Windows chosen to fall well inside each phase (see the scenario above).
    const window = { provisioning: 200, readiness: 1_400, steps: 1_800, teardown: 60 }[phase];
    // readiness: `slow` logs "ready" 4 s after it runs, so even a slow look at docker ps leaves the moment inside the wait.
    const delayMs = Math.round(random() * window);
    return { i, title: `run ${i}: ${signal} ${delayMs} ms into ${phase}`, phase, signal, delayMs };
  });

let files: { dir: string; remove(): Promise<void> };
const runIds: string[] = [];

beforeAll(async () => {
  files = await scenarioDir("interrupts", Object.fromEntries(plans.map((p) => [`run-${p.i}.yaml`, scenario(`int-${tok}-${p.i}`)])));
  console.log(plans.map((p) => p.title).join("\n"));
});

afterAll(async () => {
  await removeLeftovers(runIds);
  await files?.remove();
});

/** Sends the signal at the planned moment; returns the phase that the output showed at that moment. */
async function interrupt(run: ReturnType<typeof startLab>, p: Plan, name: string): Promise<Phase> {
  const marker = (text: string): RegExp => new RegExp(`\\[${name}\\] ${text}`);
  if (p.phase === "provisioning") await run.waitFor(marker("provisioning"));
  if (p.phase === "readiness") {
    await run.waitFor(marker("provisioning"));
    // The wait for "ready" starts when `slow` runs; the engine says when.
    const real = `lab-${run.runId()}-${name}--slow`;
    for (let i = 0; i < 200; i++) {
      if ((await docker("ps", "--filter", `name=^${real}$`, "--filter", "status=running", "--format", "{{.Names}}").catch(() => "")) === real) break;
      await sleep(25);
    }
  }
  if (p.phase === "steps") await run.waitFor(marker("running steps"));
  if (p.phase === "teardown") await run.waitFor(marker("tearing down"));
  await sleep(p.delayMs);
  const out = run.stdout();
  const seen: Phase = marker("tearing down").test(out)
    ? "teardown"
    : marker("running steps").test(out)
      ? "steps"
      : p.phase === "readiness"
        ? "readiness"
        : "provisioning";
  expect(run.child.kill(p.signal), "the signal reached a running lab").toBe(true);
  return seen;
}

describe.concurrent(`interrupts at seeded moments (seed ${seed})`, () => {
  it.each(plans)("$title", async (p) => {
    const name = `int-${tok}-${p.i}`;
    const run = startLab(["run", `${files.dir}/run-${p.i}.yaml`]);
    const seen = await interrupt(run, p, name);
    const r = await run.done;
    runIds.push(r.runId!);
    const context = `seed ${seed}, run ${p.i}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

    expect(seen, context).toBe(p.phase);
    expect(r.code, context).toBe(p.signal === "SIGINT" ? 130 : 143);
    expect(r.stderr, context).toContain(`lab: ${p.signal} received: cleaning up run ${r.runId}`);
    expect(r.stderr, context).toContain(`lab: interrupted by ${p.signal}; everything run ${r.runId} created was removed.`);
    expect(r.stdout, context).toContain(`[${name}] tearing down`);
    expect(r.stdout, context).toMatch(new RegExp(`\\[${name}\\] removed \\d+ resources?`));
    expect(r.stdout, context).not.toContain("could not remove");
    // The engine's own view, through the docker CLI: nothing labelled with this run.
    expect(await leftovers(r.runId!), context).toEqual([]);
  });
});
