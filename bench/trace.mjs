#!/usr/bin/env node
// Where the time of one `lab run` goes: runs a scenario through the built lab (dist/) with
// every engine call traced, and prints a timeline (ms since the process started) of the
// runner's phases and of each call, then the sum per kind of call.
//   node bench/trace.mjs [scenario.yaml]   (default bench/dns.yaml)
const t = () => performance.now();
const marks = [["process start (node boot before this line is not seen)", 0]];
marks.push(["script start", t()]);
const { runLab } = await import("../dist/api/run-lab.js");
const { DockerodeRuntime } = await import("../dist/runtime/dockerode-runtime.js");
const { PlainReporter } = await import("../dist/report/plain-reporter.js");
marks.push(["lab modules loaded", t()]);

const calls = [];
const inner = new DockerodeRuntime();
const runtime = new Proxy(inner, {
  get(target, key) {
    const value = Reflect.get(target, key);
    if (typeof value !== "function") return value;
    return (...args) => {
      const call = { name: String(key), arg: typeof args[0] === "string" ? args[0].slice(0, 12) : (args[0]?.name ?? ""), start: t() };
      calls.push(call);
      const done = () => (call.end = t());
      const result = value.apply(target, args);
      result?.then?.(done, done);
      return result;
    };
  },
});
const sink = { write: () => true };
const events = [];
const reporter = { onEvent: (e) => events.push([e.type === "phase" ? `phase ${e.phase}` : e.type, t()]) };
const { summary } = await runLab({ paths: [process.argv[2] ?? "bench/dns.yaml"], reporters: [reporter, new PlainReporter(sink)], runtime });
marks.push(["runLab resolved", t()]);

const rows = [
  ...marks.map(([w, at]) => ({ at, line: `-- ${w}` })),
  ...events.filter(([w]) => !w.startsWith("step-retry")).map(([w, at]) => ({ at, line: `-- ${w}` })),
  ...calls.map((c) => ({ at: c.start, line: `   ${c.name}(${c.arg}) ${Math.round(c.end - c.start)} ms` })),
];
rows.sort((a, b) => a.at - b.at);
for (const r of rows) console.log(`${r.at.toFixed(0).padStart(6)} ${r.line}`);
const byKind = new Map();
for (const c of calls) {
  const k = byKind.get(c.name) ?? { n: 0, ms: 0 };
  k.n++;
  k.ms += c.end - c.start;
  byKind.set(c.name, k);
}
console.log(`\nexit code ${summary.exitCode}; calls by kind (count, summed latency; calls overlap):`);
for (const [k, v] of [...byKind].sort((a, b) => b[1].ms - a[1].ms)) console.log(`  ${k.padEnd(16)} ${String(v.n).padStart(3)}  ${Math.round(v.ms)} ms`);
