// The built CLI loads what a command needs only when it needs it: no ajv compiler when the
// generated validator is current, no ssh2 or gRPC for a run on the local socket, no listr2
// without the pretty reporter. Checked from outside lab: a preloaded hook records every
// module the process requires (the bundle's dependencies arrive through require).
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lab, leftovers, SCENARIOS } from "./cli.js";

const HOOK = `const Module = require("module");
const load = Module._load;
const seen = new Set();
Module._load = function (request, ...rest) { seen.add(request); return load.call(this, request, ...rest); };
process.on("exit", () => require("fs").writeFileSync(process.env.LAB_TEST_LOADED, [...seen].join("\\n")));
`;

describe("what the built CLI loads", () => {
  let dir: string;
  let hook: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "lab-lazy-"));
    hook = join(dir, "hook.cjs");
    await writeFile(hook, HOOK);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const loaded = async (args: string[], name: string): Promise<{ modules: string[]; code: number | null; stdout: string; runId?: string }> => {
    const out = join(dir, `${name}.txt`);
    const r = await lab(args, { env: { CI: "true", NO_COLOR: "1", LAB_TEST_LOADED: out, NODE_OPTIONS: `--require ${hook}` } });
    return { modules: (await readFile(out, "utf8")).split("\n"), code: r.code, stdout: r.stdout + r.stderr, runId: r.runId };
  };

  it("validates with the generated validator, not by compiling the schema", async () => {
    const r = await loaded(["validate", join(SCENARIOS, "dns.yaml")], "validate");
    expect(r.code, r.stdout).toBe(0);
    expect(r.modules).toContain("../scenario/schema-validator.generated.cjs");
    expect(r.modules.filter((m) => /^ajv(\/dist\/(2020|core|ajv)(\.js)?)?$|^ajv-formats$/.test(m))).toEqual([]);
  });

  it("answers --version without loading any command", async () => {
    const r = await loaded(["--version"], "version");
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(r.modules.filter((m) => /generated|ajv|yaml|dockerode|ssh2|grpc|listr2/.test(m))).toEqual([]);
  });

  it("runs a scenario on the local socket without ssh2, gRPC, protobufjs, listr2 or ajv's compiler", async () => {
    const r = await loaded(["run", join(SCENARIOS, "dns.yaml"), "--reporter", "plain"], "run");
    expect(r.code, r.stdout).toBe(0);
    expect(r.modules.filter((m) => /^(ssh2|cpu-features|@grpc\/.*|protobufjs|listr2|ajv|ajv\/dist\/2020(\.js)?|ajv-formats)$/.test(m))).toEqual([]);
    expect(await leftovers(r.runId!)).toEqual([]);
  });
});
