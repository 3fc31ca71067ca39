import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { leftovers, startLab } from "./cli.js";
import { removeLeftovers, scenarioDir, token } from "../reliability/support.js";

/**
 * Load: many small scenarios at --parallel 8, several times over. Every step of every
 * scenario must pass every time, and nothing may be left on the engine. The runner's wall
 * time and peak memory are printed for docs/reliability.md.
 *
 * CI runs a reduced size (20 scenarios, once); `npm run test:load` runs the full one
 * (50 scenarios, 3 times): LAB_LOAD_SCENARIOS and LAB_LOAD_REPEATS set the size.
 */

const SCENARIOS = Number(process.env.LAB_LOAD_SCENARIOS ?? 20);
const REPEATS = Number(process.env.LAB_LOAD_REPEATS ?? 1);
const PARALLEL = 8;
const STEPS = 4;

const tok = token();
const scenario = (i: number): string => `
name: load-${tok}-${i}
networks: { net: {} }
containers:
  server: { image: busybox, init: true, command: ["nc", "-ll", "-p", "7000", "-e", "/bin/cat"], networks: [net] }
  client: { image: busybox, init: true, command: sleep 600, networks: [net] }
steps:
  - resolve: { from: client, name: server }
  - tcp: { from: client, host: server, port: 7000 }
  - exec: { container: client, command: echo hello, stdout: { equals: "hello\\n" } }
  - state: { container: server, status: running }
`;

const runIds: string[] = [];
let files: { dir: string; remove(): Promise<void> } | undefined;

afterAll(async () => {
  await removeLeftovers(runIds);
  await files?.remove();
});

describe(`load: ${SCENARIOS} scenarios at --parallel ${PARALLEL}, ${REPEATS} time(s)`, () => {
  it(
    "every step passes every time, nothing is left behind",
    async () => {
      files = await scenarioDir("load", Object.fromEntries(Array.from({ length: SCENARIOS }, (_, i) => [`load-${i}.yaml`, scenario(i)])));
      const figures: string[] = [];
      for (let repeat = 1; repeat <= REPEATS; repeat++) {
        const rssFile = join(files.dir, `rss-${repeat}.json`);
        const r = await startLab(["run", files.dir, "--parallel", String(PARALLEL)], {
          env: { LAB_MAX_RSS_FILE: rssFile },
          nodeArgs: ["--import", new URL("../reliability/max-rss.mjs", import.meta.url).href],
          timeoutMs: 600_000,
        }).done;
        runIds.push(r.runId!);
        const context = `repeat ${repeat}, run ${r.runId}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`;
        expect(r.code, context).toBe(0);
        expect(r.stdout, context).toContain(`${SCENARIOS} passed, 0 failed (steps: ${SCENARIOS * STEPS} passed, 0 failed`);
        expect(r.stdout, context).not.toContain("✗");
        expect(await leftovers(r.runId!), context).toEqual([]);
        const { maxRssKb } = JSON.parse(await readFile(rssFile, "utf8")) as { maxRssKb: number };
        const waits = (r.stdout.match(/ … .*: waiting /g) ?? []).length;
        figures.push(
          `repeat ${repeat}: run ${r.runId}, wall ${(r.ms / 1000).toFixed(1)} s, peak RSS ${(maxRssKb / 1024).toFixed(0)} MiB, ${SCENARIOS * STEPS} steps passed, ${waits} "waiting" lines`,
        );
      }
      console.log(`load: ${SCENARIOS} scenarios x ${REPEATS} at --parallel ${PARALLEL}\n${figures.join("\n")}`);
    },
    REPEATS * SCENARIOS * 10_000,
  );
});
