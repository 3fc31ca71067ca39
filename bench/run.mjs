#!/usr/bin/env node
// `npm run bench`: lab side by side with the same labs written by hand with the docker CLI,
// with docker-compose v1 and with the raw Engine API (bench/engine-floor.mjs), on the local
// engine. Each group's commands alternate (A B C A B C ...), a warm-up round first, then
// several rounds; the medians and the ratios, pair by pair, are printed and written to
// reports/bench.json. The groups: the DNS lab; the scale case at 30 and at 60 containers;
// start-up (`lab --version` against a bare `node -e 0`, `lab validate` of 100 files); the lab
// library (`lab run scenarios/ --parallel 4`). At the end, every target of issue 13 side by side.
//
//   node bench/run.mjs [--rounds 5] [--warmup 1] [--only dns,scale,startup,library] [--scale 30,60]
//                      [--library-rounds 3] [--out file] [--compare name=dir,...]
//
// --compare adds other builds of lab (a checkout with its own dist/, e.g. before a change) to
// the DNS, start-up and library groups, each as a column of its own: what a change bought,
// measured side by side.
//
// Everything the bench makes carries a unique name and a label (lab's own io.lab.run=<id>,
// lab.bench=<id> for the CLI scripts, compose's project label); after every command the
// bench checks the engine for leftovers, removes them and counts the run as failed.
// Every command has a time limit, and the rounds are capped.
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, release, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { api, removeLabelled, runningContainers } from "./lib/engine.mjs";
import { scaleScenario } from "./scale-scenario.mjs";

const ROOT = new URL("..", import.meta.url).pathname.replace(/\/$/, "");
const LAB = join(ROOT, "bin/lab.js");
const MAX_ROUNDS = 25;

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const rounds = Math.min(MAX_ROUNDS, Math.max(1, Number(opt("rounds", 5))));
const warmup = Math.min(3, Math.max(0, Number(opt("warmup", 1))));
const only = new Set(String(opt("only", "dns,scale,startup,library")).split(","));
const scaleSizes = String(opt("scale", "30,60"))
  .split(",")
  .map((n) => Math.min(60, Math.max(2, Number(n))));
const libraryRounds = Math.min(rounds, Math.max(1, Number(opt("library-rounds", 3))));
const outFile = opt("out", join(ROOT, "reports/bench.json"));
const compare = String(opt("compare", ""))
  .split(",")
  .filter(Boolean)
  .map((x) => {
    const [name, dir] = x.includes("=") ? x.split("=") : [x.split("/").pop(), x];
    return { name, bin: join(dir, "bin/lab.js") };
  });

const work = mkdtempSync(join(tmpdir(), "lab-bench-"));
const env = { ...process.env, CI: "true", NO_COLOR: "1" };
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x) => (Number.isFinite(x) ? `${Math.round(x)} ms` : "-");
const id = () => randomBytes(3).toString("hex");

// Ctrl-C: the command in flight gets SIGTERM (lab tears its world down on it), its cleanup
// below runs as after any command, and the bench stops there.
let current;
let stopping = false;
process.on("SIGINT", () => {
  stopping = true;
  console.log("\nbench: interrupted; stopping the command in flight and removing what it made");
  if (current) {
    try {
      process.kill(-current.pid, "SIGTERM");
    } catch {
      // already gone
    }
  }
});

/** Runs one command to its end (or its time limit), measuring the wall time from spawn to exit. */
function timed(argv, { timeoutMs, cwd = ROOT }) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(argv[0], argv.slice(1), { cwd, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    current = child;
    let stdout = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid, "SIGKILL"); // its own process group: the shell and its docker commands
      } catch {
        // already gone
      }
    }, timeoutMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      current = undefined;
      resolve({ wallMs: performance.now() - t0, code, stdout, stderr, timedOut });
    });
  });
}

/** The commands of one group; each returns a sample: wall time, success, and lab's breakdown. */
function labCommand(name, scenarioFile, timeoutMs, bin = LAB, extra = []) {
  return {
    name,
    async run() {
      const report = join(work, `report-${id()}.json`);
      const r = await timed(["node", bin, "run", scenarioFile, "--timings", "--reporter", "plain", "--reporter", "json", "--output", report, ...extra], {
        timeoutMs,
      });
      const runIds = [...r.stdout.matchAll(/^lab run ([0-9a-f]+):/gm)].map((m) => m[1]);
      const sample = {
        wallMs: r.wallMs,
        ok: r.code === 0 && !r.timedOut,
        detail: r.timedOut ? "timed out" : r.code ? `exit ${r.code}: ${(r.stderr || r.stdout).trim().split("\n").slice(-3).join(" | ")}` : "",
      };
      try {
        const t = JSON.parse(readFileSync(report, "utf8")).scenarios[0].timings;
        Object.assign(sample, {
          engineMs: t.engineMs,
          engineCalls: t.engineCalls,
          scenarioMs: t.totalMs,
          provisionMs: t.provisionMs,
          stepsMs: t.stepsMs,
          teardownMs: t.teardownMs,
        });
      } catch {
        // no JSON report (an older lab, or the run failed early): the wall time still counts
      }
      rmSync(report, { force: true });
      const left = (await Promise.all(runIds.map((runId) => removeLabelled(`io.lab.run=${runId}`)))).flat();
      if (left.length) Object.assign(sample, { ok: false, detail: `left behind: ${left.join(", ")}` });
      return sample;
    },
  };
}

/** A process timed as a whole, with nothing of its own to clean (or cleaning after itself, checked by label). */
function processCommand(name, argv, timeoutMs, label) {
  return {
    name,
    async run() {
      const runId = id();
      const r = await timed(
        argv.map((a) => a.replace("{id}", runId)),
        { timeoutMs },
      );
      const sample = {
        wallMs: r.wallMs,
        ok: r.code === 0 && !r.timedOut,
        detail: r.timedOut ? "timed out" : r.code ? `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}` : "",
      };
      const left = label ? await removeLabelled(label(runId)) : [];
      if (left.length) Object.assign(sample, { ok: false, detail: `left behind: ${left.join(", ")}` });
      return sample;
    },
  };
}

function scriptCommand(name, script, extraArgs, timeoutMs, label = (runId) => `lab.bench=${runId}`) {
  return {
    name,
    async run() {
      const runId = id();
      const r = await timed(["sh", join(ROOT, script), runId, ...extraArgs], { timeoutMs });
      const sample = {
        wallMs: r.wallMs,
        ok: r.code === 0 && !r.timedOut,
        detail: r.timedOut ? "timed out" : r.code ? `exit ${r.code}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}` : "",
      };
      const left = await removeLabelled(label(runId));
      if (left.length) Object.assign(sample, { ok: false, detail: `left behind: ${left.join(", ")}` });
      return sample;
    },
  };
}

/** Alternates the commands (A B C A B C ...): a change of load on the engine hits them alike. */
async function group(title, commands, { key = title, rounds: n = rounds } = {}) {
  console.log(`\n## ${title}\n`);
  const samples = new Map(commands.map((c) => [c.name, []]));
  for (let round = 0; round < warmup + n; round++) {
    const line = [];
    for (const c of commands) {
      if (stopping) throw new Error("interrupted");
      const s = await c.run();
      if (round >= warmup) samples.get(c.name).push(s);
      line.push(`${c.name} ${ms(s.wallMs)}${s.ok ? "" : ` FAILED (${s.detail})`}`);
    }
    const l = await load(`${title} round ${round}`, true);
    loads.push(l);
    console.log(
      `${round < warmup ? "warm-up" : `round ${round - warmup + 1}`}: ${line.join(" | ")}  [loadavg ${l.loadavg1.toFixed(2)}, ${l.runningContainers} other containers]`,
    );
  }
  const rows = commands.map((c) => {
    const all = samples.get(c.name);
    const ok = all.filter((s) => s.ok);
    const row = {
      name: c.name,
      runs: all.length,
      failed: all.length - ok.length,
      medianMs: median(ok.map((s) => s.wallMs)),
      minMs: Math.min(...ok.map((s) => s.wallMs)),
      maxMs: Math.max(...ok.map((s) => s.wallMs)),
    };
    if (ok.some((s) => s.engineMs !== undefined)) {
      const m = (f) => median(ok.filter((s) => s.engineMs !== undefined).map(f));
      Object.assign(row, {
        engineMs: m((s) => s.engineMs),
        engineCalls: m((s) => s.engineCalls),
        scenarioMs: m((s) => s.scenarioMs),
        provisionMs: m((s) => s.provisionMs),
        stepsMs: m((s) => s.stepsMs),
        teardownMs: m((s) => s.teardownMs),
        // In the scenario: what --timings calls the runner; in the process: everything that is not waiting on the engine, Node start-up included.
        runnerInScenarioMs: m((s) => s.scenarioMs - s.engineMs),
        runnerInProcessMs: m((s) => s.wallMs - s.engineMs),
      });
    }
    return row;
  });
  console.log("");
  for (const r of rows) {
    const extra =
      r.engineMs !== undefined
        ? `; engine ${ms(r.engineMs)} (${r.engineCalls} calls), runner ${ms(r.runnerInScenarioMs)} in the scenario, ${ms(r.runnerInProcessMs)} in the whole process`
        : "";
    console.log(
      `${r.name.padEnd(14)} median ${ms(r.medianMs).padStart(8)}  (min ${ms(r.minMs)}, max ${ms(r.maxMs)}, ${r.runs - r.failed}/${r.runs} ok)${extra}`,
    );
  }
  // The ratio of the medians; and, steadier when the load changes during the run, the median
  // of the ratios within each round (both commands of a round meet about the same load).
  const ratios = [];
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const a = samples.get(rows[i].name);
      const b = samples.get(rows[j].name);
      const paired = median(a.map((s, k) => (s.ok && b[k]?.ok ? s.wallMs / b[k].wallMs : NaN)).filter(Number.isFinite));
      const ratio = rows[i].medianMs / rows[j].medianMs;
      ratios.push({ a: rows[i].name, b: rows[j].name, ratio, pairedRatio: paired });
      console.log(`${rows[i].name} / ${rows[j].name} = ${ratio.toFixed(2)}x  (median of the per-round ratios: ${paired.toFixed(2)}x)`);
    }
  }
  return { key, title, rows, ratios };
}

/** Start-up: `lab --version` against a bare `node -e 0` in the same alternated run; `lab validate` of 100 files. */
async function startup(groups) {
  const dir = join(work, "validate-100");
  mkdirSync(dir);
  const dns = readFileSync(join(ROOT, "scenarios/dns.yaml"), "utf8");
  for (let i = 1; i <= 100; i++) writeFileSync(join(dir, `dns-${i}.yaml`), dns.replace(/^name: .*$/m, `name: dns-copy-${i}`));
  const n = Math.max(rounds, 15);
  groups.push(
    await group(
      "Start-up: lab --version against a bare node -e 0",
      [
        processCommand("lab", ["node", LAB, "--version"], 30_000),
        processCommand("node -e 0", ["node", "-e", "0"], 30_000),
        ...compare.map((c) => processCommand(c.name, ["node", c.bin, "--version"], 30_000)),
      ],
      { key: "version", rounds: n },
    ),
  );
  groups.push(
    await group(
      "Start-up: lab validate of 100 files",
      [processCommand("lab", ["node", LAB, "validate", dir], 30_000), ...compare.map((c) => processCommand(c.name, ["node", c.bin, "validate", dir], 30_000))],
      { key: "validate", rounds: Math.max(rounds, 9) },
    ),
  );
}

/** Every target of issue 13 side by side: the ratio of the medians, and the median of the per-round ratios. */
function targets(groups) {
  const find = (key, a, b) => groups.find((g) => g.key === key)?.ratios.find((r) => r.a === a && r.b === b);
  const row = (key) => (name) => groups.find((g) => g.key === key)?.rows.find((r) => r.name === name);
  const lines = [];
  const ratio = (what, key, a, b, goal) => {
    const r = find(key, a, b);
    if (r) lines.push([what, `${r.ratio.toFixed(2)}x (per round ${r.pairedRatio.toFixed(2)}x)`, goal]);
  };
  ratio("DNS lab: lab / CLI script", "dns", "lab", "cli", "<= 0.85x");
  ratio("DNS lab: lab / compose v1 (down -t 0)", "dns", "lab", "compose", "<= 0.35x");
  ratio("DNS lab: lab / raw-API floor", "dns", "lab", "floor", "<= 1.15x");
  const own = row("dns")("lab");
  if (own?.runnerInProcessMs !== undefined) lines.push(["DNS lab: lab's own time, whole process (wall - engine)", ms(own.runnerInProcessMs), "<= 100 ms"]);
  for (const c of compare) {
    const other = row("dns")(c.name);
    if (other?.runnerInProcessMs !== undefined) lines.push([`DNS lab: ${c.name}'s own time, whole process`, ms(other.runnerInProcessMs), "(before)"]);
  }
  for (const n of scaleSizes) {
    ratio(`Scale ${n}: lab / parallel CLI script`, `scale-${n}`, "lab", "cli-parallel", n === 30 ? "<= 1.0x" : "measured");
    const l = row(`scale-${n}`)("lab");
    if (l) lines.push([`Scale ${n}: lab, median`, ms(l.medianMs), "measured"]);
  }
  ratio("lab --version / node -e 0", "version", "lab", "node -e 0", "<= 1.5x");
  for (const c of compare) ratio(`lab --version / ${c.name}'s`, "version", "lab", c.name, "(after / before)");
  for (const c of compare) ratio(`validate 100 files: lab / ${c.name}`, "validate", "lab", c.name, "(after / before)");
  const lib = groups.find((g) => g.key === "library");
  for (const r of lib?.rows ?? []) lines.push([`library --parallel 4: ${r.name}, median`, ms(r.medianMs), "recorded"]);
  for (const c of compare) ratio(`library --parallel 4: lab / ${c.name}`, "library", "lab", c.name, "(after / before)");
  console.log("\n## Targets side by side\n");
  const w = Math.max(...lines.map((l) => l[0].length));
  for (const [what, value, goal] of lines) console.log(`${what.padEnd(w)}  ${value.padEnd(28)}  ${goal}`);
  return lines.map(([what, value, goal]) => ({ what, value, goal }));
}

function machine() {
  const out = (cmd, a) => spawnSync(cmd, a, { encoding: "utf8" }).stdout?.trim() ?? "";
  return {
    date: new Date().toISOString(),
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? "?"}`,
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: release(),
    node: process.version,
    dockerCli: out("docker", ["version", "--format", "{{.Client.Version}}"]),
    compose: out("docker-compose", ["version", "--short"]) || "not installed",
  };
}

/** Other work on the machine and the engine (between commands, none of them is the bench's). */
async function load(label, quiet = false) {
  const note = { at: label, loadavg1: loadavg()[0], runningContainers: (await runningContainers()).length };
  if (!quiet)
    console.log(
      `load ${label}: loadavg ${loadavg()
        .map((x) => x.toFixed(2))
        .join(" ")}; ${note.runningContainers} containers running`,
    );
  return note;
}
const loads = [];

async function main() {
  try {
    await api("GET", "/_ping");
  } catch (error) {
    console.error(`bench: no Docker engine on the local socket (${error.message}). Start it (npm run setup) first.`);
    process.exit(3);
  }
  const engine = (await api("GET", "/version")).body;
  if (
    !(await api("GET", "/images/busybox/json").then(
      () => true,
      () => false,
    ))
  ) {
    console.error("bench: the busybox image is missing; npm run setup builds it.");
    process.exit(3);
  }
  const info = { ...machine(), engine: `Docker Engine ${engine.Version} (API ${engine.ApiVersion})`, rounds, warmup };
  console.log(`# lab bench, ${info.date}`);
  console.log(
    `machine: ${info.cpus}, ${info.memory}, kernel ${info.kernel}; ${info.engine}; docker CLI ${info.dockerCli}; node ${info.node}; docker-compose ${info.compose}`,
  );
  console.log(
    `rounds: ${warmup} warm-up + ${rounds}, commands alternated; load average now ${loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")} on ${cpus().length} cores`,
  );
  loads.push(await load("before"));
  const groups = [];

  if (only.has("dns")) {
    const commands = [
      labCommand("lab", join(ROOT, "bench/dns.yaml"), 60_000),
      scriptCommand("cli", "bench/peers/dns-cli.sh", [], 60_000),
      ...compare.map((c) => labCommand(c.name, join(ROOT, "bench/dns.yaml"), 60_000, c.bin)),
    ];
    if (info.compose !== "not installed")
      commands.push(scriptCommand("compose", "bench/peers/dns-compose.sh", [], 90_000, (runId) => `com.docker.compose.project=labbench${runId}`));
    else console.log("\ndocker-compose is not installed: the compose column is skipped (apt-get install -y docker-compose adds it).");
    // The floor: the same lab as raw Engine API calls, as parallel as the engine allows, lookups by exec in place (as lab does for busybox), as a whole process.
    commands.push(
      processCommand(
        "floor",
        ["node", join(ROOT, "bench/engine-floor.mjs"), "--once", "--variants=exec:leave", "--id={id}"],
        60_000,
        (runId) => `lab.bench=${runId}`,
      ),
    );
    groups.push(await group("DNS lab: one network, two busybox containers, two lookups, teardown", commands, { key: "dns" }));
  }
  if (only.has("scale")) {
    for (const n of scaleSizes) {
      const file = join(work, `bench-scale-${n}.yaml`);
      writeFileSync(file, scaleScenario(n));
      groups.push(
        await group(
          `Scale: ${n} containers on one network, each resolving a neighbour`,
          [
            labCommand("lab", file, 300_000),
            // The serial script at 60 only adds minutes: 30 shows the order of things.
            ...(n <= 30 ? [scriptCommand("cli-serial", "bench/peers/scale-cli-serial.sh", [String(n)], 300_000)] : []),
            scriptCommand("cli-parallel", "bench/peers/scale-cli-parallel.sh", [String(n)], 300_000),
          ],
          { key: `scale-${n}`, rounds: n > 30 ? Math.min(rounds, 3) : rounds },
        ),
      );
    }
  }
  if (only.has("startup")) await startup(groups);
  if (only.has("library")) {
    const lib = join(ROOT, "scenarios");
    groups.push(
      await group(
        "The lab library: lab run scenarios/ --parallel 4",
        [labCommand("lab", lib, 600_000, LAB, ["--parallel", "4"]), ...compare.map((c) => labCommand(c.name, lib, 600_000, c.bin, ["--parallel", "4"]))],
        { key: "library", rounds: libraryRounds },
      ),
    );
  }
  const summary = targets(groups);
  loads.push(await load("after"));
  const l1 = loads.map((l) => l.loadavg1);
  const others = loads.map((l) => l.runningContainers);
  console.log(
    `load over the run: loadavg (1 min) ${Math.min(...l1).toFixed(2)}..${Math.max(...l1).toFixed(2)}, other containers running ${Math.min(...others)}..${Math.max(...others)}`,
  );

  mkdirSync(join(outFile, ".."), { recursive: true });
  writeFileSync(outFile, `${JSON.stringify({ machine: info, load: loads, groups, targets: summary }, null, 2)}\n`);
  console.log(`\nwritten: ${outFile.replace(`${ROOT}/`, "")}`);
}

try {
  await main();
} catch (error) {
  if (!stopping) throw error;
  process.exitCode = 130;
} finally {
  rmSync(work, { recursive: true, force: true });
}
