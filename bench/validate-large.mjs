#!/usr/bin/env node
// Validation time of large and hostile files, in CPU milliseconds (best of 3), run by hand:
//   npm run --silent build && node bench/validate-large.mjs
// These figures used to be asserted in unit tests; on a busy machine they made CI go red,
// so they are measured here and read by a person instead.
import { parseScenario } from "../dist/scenario/load-scenario.js";

const cases = {
  "10,000 steps": (() => {
    let text = "name: big\ncontainers:\n  a: { image: busybox, command: sleep 600 }\n  b: { image: busybox, command: sleep 600 }\nsteps:\n";
    for (let i = 0; i < 10_000; i++) text += i % 2 ? "  - resolve: { from: a, name: b }\n" : `  - tcp: { from: b, host: a, port: ${1 + i} }\n`;
    return text;
  })(),
  "20,000 unknown keys": `name: x\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join("\n")}\n`,
  "20,000 unclosed quotes": `name: x\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: 'a`).join("\n")}\n`,
  "20,000 duplicate keys": `name: x\n${Array.from({ length: 20_000 }, () => "tags: []").join("\n")}\n`,
  "1,000 unknown container names": `name: x\ncontainers:\n${Array.from({ length: 1_000 }, (_, i) => `  c${i}: { image: busybox, links: [missing-${"x".repeat(20)}${i}] }`).join("\n")}\n`,
};

parseScenario("warm.yaml", "name: warm\n");
for (const [name, text] of Object.entries(cases)) {
  let best = Infinity;
  for (let i = 0; i < 3; i++) {
    const c0 = process.cpuUsage();
    parseScenario("bench.yaml", text);
    const cpu = process.cpuUsage(c0);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
  }
  console.log(`${name.padEnd(32)} ${best.toFixed(0).padStart(6)} ms CPU  (${(text.length / 1024).toFixed(0)} KB)`);
}
