import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Diagnostic } from "../src/errors.js";
import { buildPlan } from "../src/plan/build-plan.js";
import { HOST_POWER_KEYS } from "../src/scenario/host-power.js";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { loadSchema } from "../src/scenario/schema.js";

/**
 * The loader against input nobody would write on purpose. Whatever the text, parseScenario
 * must return, never throw, and give either a valid scenario (that plans) or errors, each
 * at a real position of the text. Hostile documents (alias bombs, deep nesting, huge
 * files) must be refused, or read, quickly.
 *
 * fast-check's seed comes from LAB_TEST_SEED when set (a failure prints the seed and path to replay).
 * LAB_FUZZ_RUNS=N searches deeper: N runs per property, with no time limit.
 */

const SEED = process.env.LAB_TEST_SEED && /^\d+$/.test(process.env.LAB_TEST_SEED) ? Number(process.env.LAB_TEST_SEED) : undefined;
const DEEP = process.env.LAB_FUZZ_RUNS && /^\d+$/.test(process.env.LAB_FUZZ_RUNS) ? Number(process.env.LAB_FUZZ_RUNS) : undefined;
const RUNS = { numRuns: DEEP ?? 300, seed: SEED, interruptAfterTimeLimit: DEEP ? undefined : 15_000, markInterruptAsFailure: false } as const;
const ROOT = join(import.meta.dirname, "..");

/** The invariant of every property below. */
function wellFormed(file: string, text: string): { valid: boolean } {
  const r = parseScenario(file, text);
  if (r.scenario) {
    expect(r.diagnostics).toEqual([]);
    const plan = buildPlan(r.scenario, { runId: "f0f0f0", probeImage: "busybox" });
    expect(plan.containers.length).toBe(r.scenario.containers.length);
    return { valid: true };
  }
  expect(r.diagnostics.length).toBeGreaterThan(0);
  const lines = text.split("\n");
  for (const d of r.diagnostics) expectPositioned(d, file, text, lines);
  return { valid: false };
}

function expectPositioned(d: Diagnostic, file: string, text: string, lines: string[]): void {
  const where = `${d.line}:${d.col} ${d.message}`;
  expect(d.file, where).toBe(file);
  expect(d.code, where).toMatch(/^E_[A-Z_]+$/);
  expect(Number.isInteger(d.line) && d.line >= 1 && d.line <= lines.length, where).toBe(true);
  expect(Number.isInteger(d.col) && d.col >= 1 && d.col <= lines[d.line - 1]!.length + 1, where).toBe(true);
  expect(typeof d.message === "string" && d.message.trim().length > 0, where).toBe(true);
  expect(d.message, where).not.toMatch(/\n\s+at /);
  // A message built from a missing value says so in these words; unless the text itself holds them.
  for (const slip of ["[object Object]", "undefined", "NaN"]) if (!text.includes(slip)) expect(d.message, where).not.toContain(slip);
}

// --- generators ----------------------------------------------------------------------------

const junk = fc.oneof(
  fc.string({ maxLength: 12 }),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string({ maxLength: 6 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }),
);
const extraKey = fc.oneof(
  fc.constantFrom(...Object.keys(HOST_POWER_KEYS)),
  fc.constantFrom("imag", "comand", "enviroment", "network", "healthcheck_test", "resolv"),
  fc.string({ maxLength: 8 }),
);
const duration = fc.constantFrom("500ms", "1s", "2.5s", "2m");
const command = fc.oneof(
  fc.constantFrom("sleep 600", "sh -c 'echo \"hi\"; exit 0'", "echo $HOME; ls | wc"),
  fc.array(fc.string({ maxLength: 8 }), { minLength: 1, maxLength: 3 }),
);
const port = fc.oneof(fc.constantFrom("80", "8080:80", "127.0.0.1:8081:80/udp", "53/udp"), fc.record({ container: fc.integer({ min: 1, max: 65_535 }) }));

/** Where a container or a network of the scenario goes; `consistent` below puts the names in. */
const C = fc.nat().map((i) => ({ $c: i }));
const N = fc.nat().map((i) => ({ $n: i }));

const containerSpec = fc.record(
  {
    image: fc.constantFrom("busybox", "nginx:1.27-alpine", "redis"),
    command,
    networks: fc.array(N, { maxLength: 2 }),
    links: fc.array(C, { maxLength: 1 }),
    ports: fc.array(port, { maxLength: 2 }),
    init: fc.boolean(),
    start: fc.boolean(),
    environment: fc.dictionary(fc.constantFrom("A", "B_2", "PATH"), fc.oneof(fc.string({ maxLength: 5 }), fc.integer(), fc.boolean()), { maxKeys: 2 }),
    files: fc.dictionary(fc.constantFrom("/www/index.html", "/etc/motd"), fc.string({ maxLength: 8 }), { maxKeys: 2 }),
    wait: fc.record({ log: fc.string({ minLength: 1, maxLength: 5 }), timeout: duration }, { requiredKeys: ["log"] }),
    healthcheck: fc.record({ test: command, interval: duration, retries: fc.integer({ min: 1, max: 5 }) }, { requiredKeys: ["test"] }),
  },
  { requiredKeys: ["image"] },
);

const stepKind = fc.oneof(
  fc.record({ resolve: fc.record({ from: C, name: fc.oneof(C, fc.constant("example")) }) }),
  fc.record({
    tcp: fc.record({
      from: fc.oneof(C, fc.constant("host")),
      host: fc.oneof(C, fc.constantFrom("127.0.0.1", "192.0.2.1"), fc.record({ ip_of: C })),
      port: fc.integer({ min: 1, max: 65_535 }),
    }),
  }),
  fc.record({
    http: fc.record(
      { from: fc.oneof(C, fc.constant("host")), url: fc.constantFrom("http://localhost:8080/", "http://web/x"), status: fc.integer({ min: 100, max: 599 }) },
      { requiredKeys: ["from", "url"] },
    ),
  }),
  fc.record({ exec: fc.record({ container: C, command, exit_code: fc.integer({ min: 0, max: 255 }) }, { requiredKeys: ["container", "command"] }) }),
  fc.record({ logs: fc.record({ container: C, contains: fc.string({ maxLength: 5 }) }) }),
  fc.record({ state: fc.record({ container: C, status: fc.constantFrom("running", "exited", "paused", "created") }) }),
  fc.record({ inspect: fc.record({ container: C, path: fc.constantFrom("State.Status", "NetworkSettings.Networks.*.IPAddress"), exists: fc.boolean() }) }),
  fc.record({ connect: fc.record({ container: C, network: N }) }),
  fc.tuple(fc.constantFrom("start", "stop", "restart", "kill", "pause", "unpause", "remove"), C).map(([k, c]) => ({ [k]: c })),
  fc.record({ sleep: duration }),
);
const step = fc
  .tuple(
    stepKind,
    fc.record(
      { name: fc.string({ maxLength: 8 }), expect: fc.constantFrom("pass", "fail"), timeout: duration, hint: fc.string({ maxLength: 8 }) },
      { requiredKeys: [] },
    ),
  )
  .map(([k, common]) => ({ ...common, ...k }));

/** A valid scenario, its names consistent: every reference points at a container or network it declares. */
const validScenario = fc
  .record({
    containers: fc.uniqueArray(fc.constantFrom("a", "b", "web", "db", "c-1"), { minLength: 1, maxLength: 3 }),
    networks: fc.uniqueArray(fc.constantFrom("app", "back"), { maxLength: 2 }),
    specs: fc.array(containerSpec, { minLength: 3, maxLength: 3 }),
    steps: fc.array(step, { maxLength: 5 }),
    name: fc.constantFrom("near", "fuzz-1", "a"),
    description: fc.string({ maxLength: 10 }),
    tags: fc.uniqueArray(fc.constantFrom("dns", "ports", "x"), { maxLength: 2 }),
    timeout: duration,
  })
  .map(({ containers, networks, specs, steps, ...top }) => {
    const consistent = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(consistent);
      if (v && typeof v === "object") {
        if ("$c" in v) return containers[(v as { $c: number }).$c % containers.length];
        if ("$n" in v) return networks.length ? networks[(v as { $n: number }).$n % networks.length] : "bridge";
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, consistent(x)]));
      }
      return v;
    };
    const specOf = (i: number): Record<string, unknown> => {
      const spec = consistent(specs[i]) as Record<string, unknown>;
      if (networks.length === 0) delete spec.networks;
      else if (spec.networks) spec.networks = [...new Set(spec.networks as string[])];
      return spec;
    };
    return {
      version: 1,
      ...top,
      networks: Object.fromEntries(networks.map((n) => [n, {}])),
      containers: Object.fromEntries(containers.map((c, i) => [c, specOf(i)])),
      steps: consistent(steps),
    };
  });

/** Every object and array in a document, with a way to change it. */
function nodesOf(doc: unknown): (Record<string, unknown> | unknown[])[] {
  const out: (Record<string, unknown> | unknown[])[] = [];
  const walk = (v: unknown): void => {
    if (v && typeof v === "object") {
      out.push(v as Record<string, unknown>);
      Object.values(v).forEach(walk);
    }
  };
  walk(doc);
  return out;
}

/** A valid scenario with 0 to 3 mistakes: a value replaced by junk, a key added (a typo, a host-power key) or dropped. */
const scenario = fc
  .tuple(validScenario, fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom("junk", "extra", "drop"), extraKey, junk), { maxLength: 3 }))
  .map(([valid, mistakes]) => {
    const doc = JSON.parse(JSON.stringify(valid)) as Record<string, unknown>;
    for (const [n, k, op, key, value] of mistakes) {
      const nodes = nodesOf(doc);
      const node = nodes[n % nodes.length]!;
      const keys = Object.keys(node);
      if (op === "extra" && !Array.isArray(node)) node[key] = value;
      else if (keys.length === 0) continue;
      else if (op === "junk") (node as Record<string, unknown>)[keys[k % keys.length]!] = value;
      else if (Array.isArray(node)) node.splice(k % node.length, 1);
      else delete node[keys[k % keys.length]!];
    }
    return doc;
  });

const container = validScenario.map((s) => Object.values(s.containers)[0]!);

/** Every property name of the schema: random trees built from the format's own words. */
function schemaWords(): string[] {
  const words = new Set<string>();
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === "object") {
      for (const [k, child] of Object.entries(v)) {
        if (k === "properties" && child && typeof child === "object") Object.keys(child).forEach((w) => words.add(w));
        walk(child);
      }
    }
  };
  walk(loadSchema());
  return [...words];
}
const { tree } = fc.letrec((tie) => ({
  tree: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    junk,
    fc.array(tie("tree"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(fc.constantFrom(...schemaWords()), fc.string({ maxLength: 5 })), tie("tree"), { maxKeys: 4 }),
  ),
}));

/** Characters that matter to YAML, and some that do not. */
const yamlText = fc.string({
  unit: fc.constantFrom(
    ..."-:[]{},&*!|>'\"%@`#?\n\n\n  \t\\abcxyz019".split(""),
    "name: x\n",
    "steps:\n  - ",
    "containers:\n  a:\n    image: busybox\n",
    "\u00e9",
    "\u{1F600}",
    "\r\n",
    "\u0000",
    "\ufeff",
  ),
  maxLength: 200,
});

const realFiles = [
  ...readdirSync(join(ROOT, "scenarios")).map((f) => join(ROOT, "scenarios", f)),
  join(ROOT, "test/fixtures/valid/format-example.yaml"),
  ...readdirSync(join(ROOT, "test/fixtures/invalid")).map((f) => join(ROOT, "test/fixtures/invalid", f)),
]
  .filter((f) => f.endsWith(".yaml"))
  .map((f) => readFileSync(f, "utf8"));

/** A real file with a few edits: a slice cut, text inserted, a line doubled or re-indented. */
const mutated = fc
  .tuple(
    fc.constantFrom(...realFiles),
    fc.array(fc.tuple(fc.nat(), fc.nat({ max: 20 }), fc.constantFrom("cut", "insert", "double", "indent", "dedent"), yamlText), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) => {
    let t = text;
    for (const [at, len, op, insert] of edits) {
      const i = at % (t.length + 1);
      if (op === "cut") t = t.slice(0, i) + t.slice(i + len);
      else if (op === "insert") t = t.slice(0, i) + insert.slice(0, 20) + t.slice(i);
      else {
        const start = t.lastIndexOf("\n", i - 1) + 1;
        const end = t.indexOf("\n", i) < 0 ? t.length : t.indexOf("\n", i) + 1;
        const line = t.slice(start, end);
        const changed = op === "double" ? line + line : op === "indent" ? `  ${line}` : line.replace(/^ {1,2}/, "");
        t = t.slice(0, start) + changed + t.slice(end);
      }
    }
    return t;
  });

// --- properties ----------------------------------------------------------------------------

describe("fuzzing the loader: never a crash, always a scenario or positioned errors", () => {
  it("structures near the schema (YAML and JSON), valid ones also plan", () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(scenario, fc.boolean(), (doc, json) => {
        const text = json ? JSON.stringify(doc, null, 1) : stringify(doc);
        seen[wellFormed("near.yaml", text).valid ? "valid" : "invalid"]++;
      }),
      RUNS,
    );
    console.log(`near the schema: ${seen.valid} valid, ${seen.invalid} refused with positions`);
    // The generator must reach both outcomes, or the property says little.
    expect(seen.valid, JSON.stringify(seen)).toBeGreaterThan(10);
    expect(seen.invalid, JSON.stringify(seen)).toBeGreaterThan(10);
  });

  it("random trees made of the schema's own words", () => {
    fc.assert(
      fc.property(tree, (doc) => void wellFormed("tree.yaml", stringify(doc))),
      RUNS,
    );
  });

  it("random YAML-ish text", () => {
    fc.assert(
      fc.property(yamlText, (text) => void wellFormed("text.yaml", text)),
      RUNS,
    );
  });

  it("real files (the shipped labs, the format example, the invalid corpus) with random edits, read the same way twice", () => {
    fc.assert(
      fc.property(mutated, (text) => {
        wellFormed("edited.yaml", text);
        expect(parseScenario("edited.yaml", text)).toEqual(parseScenario("edited.yaml", text));
      }),
      RUNS,
    );
  });

  it("any forbidden key in a container is refused with its reason", () => {
    fc.assert(
      fc.property(container, fc.constantFrom(...Object.keys(HOST_POWER_KEYS)), junk, (c, key, value) => {
        const text = stringify({ name: "power", containers: { a: { ...c, [key]: value } } });
        const r = parseScenario("power.yaml", text);
        expect(r.scenario).toBeUndefined();
        const d = r.diagnostics.find((x) => x.path === `containers.a.${key}`);
        expect(d?.message, JSON.stringify(r.diagnostics)).toContain(`"${key}" is not part of format v1`);
      }),
      { ...RUNS, numRuns: 60 },
    );
  });
});

// --- hostile documents ---------------------------------------------------------------------

/**
 * The best of `runs` runs, in CPU time (user and system, all threads of this process): what
 * the work costs, without the other processes of a busy CI machine. Wall time is kept for the log.
 */
function fastest(text: string, runs = 1): { ms: number; wallMs: number; diagnostics: Diagnostic[]; valid: boolean } {
  parseScenario("warm.yaml", "name: warm\n");
  let best = Infinity;
  let wallMs = Infinity;
  let last: ReturnType<typeof parseScenario> | undefined;
  for (let i = 0; i < runs; i++) {
    const [c0, t0] = [process.cpuUsage(), performance.now()];
    last = parseScenario("hostile.yaml", text);
    const cpu = process.cpuUsage(c0);
    best = Math.min(best, (cpu.user + cpu.system) / 1000);
    wallMs = Math.min(wallMs, performance.now() - t0);
  }
  return { ms: best, wallMs, diagnostics: last!.diagnostics, valid: last!.scenario !== undefined };
}

const bombs: [string, string][] = [
  [
    "nested sequences of aliases (9^9)",
    `name: x\na: &a [x, x, x, x, x, x, x, x, x]\n${"bcdefghi"
      .split("")
      .map((l, i) => `${l}: &${l} [${Array(9).fill(`*${"abcdefghi"[i]}`).join(", ")}]`)
      .join("\n")}\n`,
  ],
  [
    "nested maps of aliases (10^29)",
    `name: x\nm0: &m0 {k: v}\n${Array.from({ length: 29 }, (_, i) => `m${i + 1}: &m${i + 1} {${Array.from({ length: 10 }, (_, j) => `k${j}: *m${i}`).join(", ")}}`).join("\n")}\n`,
  ],
  [
    "merge keys of aliases",
    `name: x\nb0: &b0 {a: 1}\n${Array.from({ length: 29 }, (_, i) => `b${i + 1}: &b${i + 1}\n  <<: [${Array(10).fill(`*b${i}`).join(", ")}]`).join("\n")}\n`,
  ],
  ["10,000 aliases of one scalar", `name: x\na: &a v\nl: [${Array(10_000).fill("*a").join(",")}]\n`],
];

const deep: [string, string][] = [
  ["100,000 nested flow sequences", `name: x\ntags: ${"[".repeat(100_000)}a${"]".repeat(100_000)}\n`],
  ["10,000 nested flow maps", `name: x\ntags: ${"{a: ".repeat(10_000)}b${"}".repeat(10_000)}\n`],
  ["1,000 nested block sequences", `name: x\ntags:\n${Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}-`).join("\n")} x\n`],
  ["1,000 nested block maps", `name: x\n${Array.from({ length: 1_000 }, (_, i) => `${" ".repeat(i)}k${i}:`).join("\n")} v\n`],
  ["65 levels, just over the limit", `name: x\ntags: ${"[".repeat(64)}a${"]".repeat(64)}\n`],
];

describe("hostile documents are refused", () => {
  it.each(bombs)("alias bomb: %s", (_, text) => {
    const r = fastest(text);
    expect(r.valid).toBe(false);
    const messages = r.diagnostics.map((d) => d.message);
    // Merge keys are refused on sight, before anything is expanded; every other bomb at its expansion.
    if (text.includes("<<")) expect(messages.some((m) => m.startsWith("`<<` merge keys are not part of YAML 1.2"))).toBe(true);
    else expect(messages).toContain("cannot expand the document: its aliases expand too much; at most 100 alias expansions are allowed");
  });

  it.each(deep)("deep nesting: %s", (_, text) => {
    const r = fastest(text);
    expect(r.valid).toBe(false);
    expect(r.diagnostics.map((d) => d.message)).toEqual(["the document nests more than 64 levels deep; at most 64 are allowed"]);
    expect(r.diagnostics[0]!.line).toBeGreaterThanOrEqual(2);
  });

  it("many deep documents in one process: each refused, the process never aborted", () => {
    // Parsing these one after another once aborted the whole process (V8 compiling a regular
    // expression with the stack nearly spent, deep in the YAML composer): here the test
    // worker would die. Each must be refused at the 65th collection, where it opens.
    for (const n of [100, 1_000, 4_000, 8_000, 16_000, 50_000]) {
      for (const [text, at] of [
        [`name: x\ntags:\n  ${"- ".repeat(n)}x\n`, "3:129"],
        [`name: x\ntags: ${"[".repeat(n)}a${"]".repeat(n)}\n`, "2:70"],
        [`name: x\ntags: ${"{a: ".repeat(n)}b${"}".repeat(n)}\n`, "2:259"],
      ] as const) {
        const r = parseScenario("deep.yaml", text);
        expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.message}`)).toEqual([
          `${at} the document nests more than 64 levels deep; at most 64 are allowed`,
        ]);
      }
    }
  });

  it("a deep document is read the same way however deep the caller's stack already is", () => {
    // Two lines of 2,500 levels each (a fuzzed edit of the corpus doubled one): where a
    // stack-bound parser ran out, and so which line it blamed, depended on the caller's stack.
    const line = `  ${"- ".repeat(2_500)}a\n`;
    const text = `name: x\ntags:\n${line}${line}\t- b\n`;
    const shallow = parseScenario("deep.yaml", text);
    const from = (frames: number): ReturnType<typeof parseScenario> => (frames === 0 ? parseScenario("deep.yaml", text) : from(frames - 1));
    let deepest = 0;
    for (const frames of [1_000, 2_000, 4_000, 6_000, 8_000]) {
      let r: ReturnType<typeof parseScenario>;
      try {
        r = from(frames);
      } catch (error) {
        if (error instanceof RangeError) break; // the test's own recursion ran out, not the loader
        throw error;
      }
      expect(r, `${frames} frames deep`).toEqual(shallow);
      deepest = frames;
    }
    expect(deepest).toBeGreaterThanOrEqual(2_000);
    expect(shallow.diagnostics.map((d) => `${d.line}:${d.col}`)).toEqual(["3:129"]);
  });

  it("64 levels, the limit itself, are read", () => {
    // The root map and `tags` are two levels; 62 brackets make 64.
    expect(fastest(`name: x\ntags: ${"[".repeat(62)}a${"]".repeat(62)}\n`).diagnostics.map((d) => d.message)).not.toContain(
      "the document nests more than 64 levels deep; at most 64 are allowed",
    );
  });
});

describe("large files", () => {
  const tenThousandSteps = (): string => {
    let text = "name: big\ncontainers:\n  a: { image: busybox, command: sleep 600 }\n  b: { image: busybox, command: sleep 600 }\nsteps:\n";
    for (let i = 0; i < 10_000; i++) text += i % 2 ? "  - resolve: { from: a, name: b }\n" : `  - tcp: { from: b, host: a, port: ${1 + i} }\n`;
    return text;
  };

  it("a 10,000-step file validates, every step kept", () => {
    const r = fastest(tenThousandSteps());
    expect(r.valid).toBe(true);
  });

  it("20,000 mistakes in one file are all reported", () => {
    const text = `name: x\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: v`).join("\n")}\n`;
    const r = fastest(text);
    expect(r.diagnostics).toHaveLength(20_000);
    expect(r.diagnostics[19_999]).toMatchObject({ line: 20_001, col: 1 });
  });

  it.each([
    ["20,000 unclosed quotes", `name: x\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: 'a`).join("\n")}\n`, 20_000],
    ["20,000 unclosed flow sequences", `name: x\n${Array.from({ length: 20_000 }, (_, i) => `k${i}: [a`).join("\n")}\n`, 1],
  ])("%s: each traced back to where it opens", (_, text, count) => {
    const r = fastest(text);
    expect(r.diagnostics).toHaveLength(count);
    expect(r.diagnostics[0]).toMatchObject({ line: 2 });
  });

  it("20,000 duplicate keys are each reported where they are", () => {
    const text = `name: x\n${Array.from({ length: 20_000 }, () => "tags: []").join("\n")}\n`;
    const r = fastest(text);
    expect(r.diagnostics).toHaveLength(19_999);
    expect(r.diagnostics[0]).toMatchObject({ line: 3, col: 1, message: 'the key "tags" appears twice in the same map; keep one of them' });
  });
});
