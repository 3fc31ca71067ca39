import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { leftovers, startLab } from "./cli.js";
import { mulberry32, removeLeftovers, scenarioDir, sleep, testSeed, token } from "../reliability/support.js";

/**
 * When the output goes away: 8 runs, each hit at a moment drawn from a seeded random
 * (printed; LAB_TEST_SEED replays it) by one of four faults — stdout closed by its reader
 * (`lab run | head -1`), stdout closed together with a SIGINT (Ctrl-C on `lab run | tee log`),
 * SIGHUP (the terminal closed), SIGPIPE. Each run must tear down as for SIGINT, exit with
 * 128 + the signal's number, print no stack trace, and leave nothing on the engine.
 */

const FAULTS = ["closed-stdout", "tee-ctrl-c", "SIGHUP", "SIGPIPE"] as const;
type Fault = (typeof FAULTS)[number];
const EXIT: Record<Fault, number> = { "closed-stdout": 141, "tee-ctrl-c": 130, SIGHUP: 129, SIGPIPE: 141 };
const RUNS = 8;

// The exec keeps the steps busy for 2 s; the teardown then writes lines that meet the closed pipe.
const scenario = (name: string): string => `
name: ${name}
networks: { net: {} }
containers:
  a: { image: busybox, init: true, command: sleep 600, networks: [net] }
  b: { image: busybox, init: true, command: sleep 600 }
steps:
  - exec: { container: a, command: sleep 2 }
  - resolve: { from: a, name: a }
`;

const seed = testSeed("output");
const random = mulberry32(seed);
const tok = token();
const plans = Array.from({ length: RUNS }, (_, i) => {
  const fault = FAULTS[i % FAULTS.length]!;
  const phase = random() < 0.5 ? ("provisioning" as const) : ("steps" as const);
  const delayMs = Math.round(random() * (phase === "provisioning" ? 150 : 1_500));
  return { i, fault, phase, delayMs, title: `run ${i}: ${fault} ${delayMs} ms into ${phase}` };
});

let files: { dir: string; remove(): Promise<void> };
const runIds: string[] = [];

beforeAll(async () => {
  files = await scenarioDir("output", Object.fromEntries(plans.map((p) => [`run-${p.i}.yaml`, scenario(`out-${tok}-${p.i}`)])));
  console.log(plans.map((p) => p.title).join("\n"));
});

afterAll(async () => {
  await removeLeftovers(runIds);
  await files?.remove();
});

describe.concurrent(`output gone at seeded moments (seed ${seed})`, () => {
  it.each(plans)("$title", async (p) => {
    const name = `out-${tok}-${p.i}`;
    const run = startLab(["run", `${files.dir}/run-${p.i}.yaml`]);
    await run.waitFor(new RegExp(`\\[${name}\\] ${p.phase === "steps" ? "running steps" : "provisioning"}`));
    await sleep(p.delayMs);
    const runId = run.runId();
    // Ctrl-C reaches lab and tee together; lab meets the closed pipe at its next write.
    if (p.fault === "tee-ctrl-c") run.child.kill("SIGINT");
    if (p.fault === "closed-stdout" || p.fault === "tee-ctrl-c") run.child.stdout!.destroy();
    if (p.fault === "SIGHUP" || p.fault === "SIGPIPE") run.child.kill(p.fault);
    const r = await run.done;
    runIds.push(runId!);
    const context = `seed ${seed}, run ${p.i}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;

    const signal = p.fault === "tee-ctrl-c" ? "SIGINT" : p.fault === "closed-stdout" ? "SIGPIPE" : p.fault;
    expect(r.code, context).toBe(EXIT[p.fault]);
    expect(r.stderr, context).toContain(`lab: ${signal} received: cleaning up run ${runId}`);
    expect(r.stderr, context).toContain(`lab: interrupted by ${signal}; everything run ${runId} created was removed.`);
    expect(r.stderr, context).not.toMatch(/\n\s+at |bug in lab|EPIPE/);
    // The engine's own view, through the docker CLI: nothing labelled with this run.
    expect(await leftovers(runId!), context).toEqual([]);
  });
});
