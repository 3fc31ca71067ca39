import { EventEmitter } from "node:events";
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server } from "node:http";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import { isAbsolute, join, normalize, posix, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import fc from "fast-check";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { parse, stringify } from "yaml";
import { runLab } from "../src/api/run-lab.js";
import { isLoopback, LOOPBACK_ONLY, refuseFromHost, type HostReach } from "../src/probes/host-connect.js";
import { DockerodeRuntime } from "../src/runtime/dockerode-runtime.js";
import { engineRef } from "../src/runtime/runtime.js";
import { loadScenarios, parseScenario } from "../src/scenario/load-scenario.js";
import { splitCommand } from "../src/scenario/split-command.js";
import { runStep } from "../src/steps/run-step.js";
import type { StepContext, World } from "../src/steps/step-kind.js";
import { fakeClock, FakeRuntime } from "./support/fake-runtime.js";

/**
 * Safety of format v1, as properties: `from: host` stays on loopback (and a remote engine's
 * published ports) unless --allow-external, and decides before any connection; build
 * contexts and `files:` stay inside; commands are argv; and whatever a scenario says, the
 * engine never receives a container that has power over the host.
 *
 * fast-check's seed comes from LAB_TEST_SEED when set.
 */

const SEED = process.env.LAB_TEST_SEED && /^\d+$/.test(process.env.LAB_TEST_SEED) ? Number(process.env.LAB_TEST_SEED) : undefined;
const RUNS = { numRuns: 300, seed: SEED } as const;
const ROOT = join(import.meta.dirname, "..");

// Every connection the runner would open from the host goes through node:net's connect (tcp)
// or fetch (http). Both are replaced: a test here never reaches the network.
const connects = vi.hoisted(() => [] as { host?: string; port?: number }[]);
vi.mock("node:net", async (original) => {
  const net = await original<typeof import("node:net")>();
  return {
    ...net,
    connect: (options: { host?: string; port?: number }) => {
      connects.push({ host: options.host, port: options.port });
      const socket = Object.assign(new EventEmitter(), { setTimeout: () => socket, destroy: () => undefined });
      queueMicrotask(() => socket.emit("error", Object.assign(new Error("not connected: a test"), { code: "ETEST" })));
      return socket;
    },
  };
});
const fetches: string[] = [];
beforeEach(() => {
  connects.length = 0;
  fetches.length = 0;
  vi.stubGlobal("fetch", async (url: string) => {
    fetches.push(String(url));
    throw new TypeError("fetch failed", { cause: new Error("not fetched: a test") });
  });
});

// --- from: host --------------------------------------------------------------------------

const hostnames = fc.oneof(
  fc.ipV4(),
  fc.ipV6(),
  fc.domain(),
  fc.constantFrom(
    "localhost",
    "LOCALHOST",
    "localhost.",
    "localhost.example.com",
    "127.0.0.1",
    "127.1",
    "127.0.0.1.nip.io",
    "127.evil.example",
    "::1",
    "[::1]",
    "0:0:0:0:0:0:0:1",
    "0::1",
    "::0.0.0.1",
    "::ffff:127.0.0.1",
    "::2",
    "1::1",
    "0.0.0.0",
    "192.0.2.1",
    "10.0.0.1",
    "",
  ),
  fc.ipV4().map((ip) => `127.${ip.split(".").slice(1).join(".")}`),
);

/** An IPv6 address as its 8 numbers (an IPv4 tail counts as two). */
function v6Groups(ip: string): number[] {
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(ip);
  const text = v4 ? ip.slice(0, v4.index) + [((+v4[1]! << 8) | +v4[2]!).toString(16), ((+v4[3]! << 8) | +v4[4]!).toString(16)].join(":") : ip;
  const [head, tail] = text.split("::") as [string, string | undefined];
  const part = (s: string | undefined): number[] => (s ? s.split(":").map((g) => parseInt(g, 16)) : []);
  const [h, t] = [part(head), part(tail)];
  return tail === undefined ? h : [...h, ...Array(8 - h.length - t.length).fill(0), ...t];
}

describe("from: host reaches loopback and the engine's published ports, nothing else without --allow-external", () => {
  it("loopback is decided on the literal: localhost, 127.0.0.0/8 as a dotted quad, ::1", () => {
    fc.assert(
      fc.property(hostnames, (host) => {
        const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
        const expected =
          bare === "localhost" || (isIP(bare) === 4 && bare.startsWith("127.")) || (isIP(bare) === 6 && v6Groups(bare).join(":") === "0:0:0:0:0:0:0:1");
        expect(isLoopback(host), host).toBe(expected);
      }),
      RUNS,
    );
  });

  it("the policy: loopback always; the engine's host for the ports the scenario publishes; anything with --allow-external", () => {
    fc.assert(
      fc.property(
        hostnames,
        fc.integer({ min: 1, max: 65_535 }),
        fc.option(fc.constantFrom("203.0.113.7", "engine.example"), { nil: undefined }),
        fc.array(fc.integer({ min: 1, max: 65_535 }), { maxLength: 3 }),
        (host, port, engineHost, publishedPorts) => {
          const reach: HostReach = { allowExternal: false, engineHost, publishedPorts };
          const refused = refuseFromHost(host, port, reach);
          const allowed = isLoopback(host) || (engineHost !== undefined && host.toLowerCase() === engineHost && publishedPorts.includes(port));
          expect(refused === undefined, `${host}:${port} ${JSON.stringify(reach)}`).toBe(allowed);
          if (refused) expect(refused).toContain("run with --allow-external to reach other addresses");
          expect(refuseFromHost(host, port, { ...reach, allowExternal: true })).toBeUndefined();
        },
      ),
      RUNS,
    );
  });

  const world: World = {
    engineIsRemote: false,
    container: (n) => engineRef(n),
    network: (n) => engineRef(n),
    aliasesOf: (n) => [n],
    inNamespace: async () => ({ exitCode: 0, stdout: "", stderr: "" }),
    namespaceChanged: () => undefined,
    addressesOf: async () => [],
    addressFor: async () => "172.17.0.2",
  };
  const step = (kind: "tcp" | "http", args: unknown) => ({
    step: { index: 0, kind, args, name: "", expect: "pass" as const, timeoutMs: 10_000, line: 1 },
    title: `${kind} step`,
  });
  const run = (kind: "tcp" | "http", args: unknown, reach?: HostReach) => {
    const ctx: StepContext = { runtime: new FakeRuntime(), world, signal: new AbortController().signal, reach };
    return runStep(step(kind, args), ctx, { clock: fakeClock(), onRetry: () => undefined });
  };

  it.each([
    ["tcp", { from: "host", host: "192.0.2.1", port: 80 }, "192.0.2.1"],
    ["tcp", { from: "host", host: { ip_of: "web" }, port: 80 }, "web's IP 172.17.0.2"],
    ["tcp", { from: "host", host: "127.0.0.1.nip.io", port: 80 }, "127.0.0.1.nip.io"],
    ["http", { from: "host", url: "http://192.0.2.1:8080/" }, "192.0.2.1"],
    ["http", { from: "host", url: "http://127.0.0.1@192.0.2.1/" }, "192.0.2.1"],
  ] as const)("%s to %j is refused at once, without any connection or lookup", async (kind, args, shown) => {
    const r = await run(kind, args);
    expect(r.status).toBe("failed");
    expect(r.message).toBe(
      `from: host probes reach only this machine's loopback (127.0.0.1, localhost, ::1), not ${shown}; run with --allow-external to reach other addresses`,
    );
    expect(r.attempts).toBe(1);
    expect(connects).toEqual([]);
    expect(fetches).toEqual([]);
  });

  it("an expected failure is not faked by a refusal: the probe did not run", async () => {
    const ctx: StepContext = { runtime: new FakeRuntime(), world, signal: new AbortController().signal };
    const r = await runStep(
      {
        ...step("tcp", { from: "host", host: "192.0.2.1", port: 80 }),
        step: { ...step("tcp", {}).step, args: { from: "host", host: "192.0.2.1", port: 80 }, expect: "fail" },
      },
      ctx,
      { clock: fakeClock(), onRetry: () => undefined },
    );
    expect(r.status).toBe("failed");
    expect(r.message).toMatch(/^the probe could not run, so the expected failure was not observed: from: host probes reach only/);
  });

  it("loopback goes ahead and connects (here, to the stand-in)", async () => {
    const r = await run("tcp", { from: "host", host: "127.0.0.1", port: 8080 }, LOOPBACK_ONLY);
    expect(connects).toContainEqual({ host: "127.0.0.1", port: 8080 });
    expect(r.message).toContain("ETEST");
  });

  it("--allow-external goes from the command line's options to the probe", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-external-"));
    await writeFile(
      join(dir, "s.yaml"),
      "name: external\ncontainers:\n  web: { image: busybox }\nsteps:\n  - tcp: { from: host, host: 192.0.2.1, port: 80 }\n    timeout: 1s\n",
    );
    const without = await runLab({ paths: [join(dir, "s.yaml")], reporters: [], runtime: new FakeRuntime(), clock: fakeClock() });
    expect(without.results[0]!.steps[0]!.message).toContain("run with --allow-external");
    expect(connects).toEqual([]);
    const withFlag = await runLab({ paths: [join(dir, "s.yaml")], reporters: [], runtime: new FakeRuntime(), clock: fakeClock(), allowExternal: true });
    expect(connects[0]).toEqual({ host: "192.0.2.1", port: 80 });
    expect(withFlag.results[0]!.steps[0]!.message).toContain("the host cannot connect to 192.0.2.1:80: ETEST");
    await rm(dir, { recursive: true, force: true });
  });
});

// --- paths -------------------------------------------------------------------------------

const segments = fc.array(fc.constantFrom("..", ".", "web", "a b", "", "ctx", "...", "..x"), { minLength: 1, maxLength: 5 });
const paths = fc
  .tuple(fc.boolean(), segments)
  .map(([absolute, s]) => (absolute ? "/" : "") + s.join("/"))
  .filter((p) => p.length > 0);

describe("build contexts and files: stay inside", () => {
  it("a build context is accepted only when it resolves inside the scenario's directory; `..` and absolute paths get the sentence", () => {
    fc.assert(
      fc.property(paths, (build) => {
        const r = parseScenario("/labs/s.yaml", stringify({ name: "ctx", images: { "lab/img": { build } }, containers: { a: { image: "lab/img" } } }));
        const refused = r.diagnostics.find((d) => d.path === "images.lab/img.build");
        const inside = resolve("/labs", build) === "/labs" || resolve("/labs", build).startsWith("/labs/");
        const escapes = isAbsolute(build) || normalize(build).split("/").includes("..");
        expect(refused === undefined, build).toBe(!escapes);
        if (!refused) expect(inside, build).toBe(true);
        if (refused) expect(refused.message).toBe(`build context "${build}" must stay inside the scenario's directory: use a relative path without ".."`);
      }),
      RUNS,
    );
  });

  it("a `files:` path is accepted only when absolute and without `..`: it cannot climb out of the container's root", () => {
    fc.assert(
      fc.property(paths, (path) => {
        const r = parseScenario("/labs/s.yaml", stringify({ name: "files", containers: { a: { image: "busybox", files: { [path]: "x" } } } }));
        if (r.scenario) {
          expect(path.startsWith("/") && !path.split("/").includes(".."), path).toBe(true);
          expect(posix.normalize(path).startsWith("/"), path).toBe(true);
        } else expect(r.diagnostics.map((d) => d.message).join("\n"), path).toContain(`file path "${path}"`);
      }),
      RUNS,
    );
  });

  describe("on disk", () => {
    let base: string;
    beforeAll(async () => {
      base = await mkdtemp(join(tmpdir(), "lab-contexts-"));
      await mkdir(join(base, "outside"));
      await writeFile(join(base, "outside", "secret"), "host file");
      await mkdir(join(base, "labs", "web"), { recursive: true });
      await writeFile(join(base, "labs", "web", "Dockerfile"), "FROM busybox\n");
      await writeFile(join(base, "labs", "web", "index.html"), "hello\n");
      await symlink(join(base, "outside"), join(base, "labs", "escape"));
      await symlink(join(base, "labs", "web"), join(base, "labs", "alias"));
      await symlink(join(base, "outside", "secret"), join(base, "labs", "web", "secret"));
    });
    afterAll(() => rm(base, { recursive: true, force: true }));

    const load = async (build: string) => {
      await writeFile(join(base, "labs", "s.yaml"), `name: ctx\nimages:\n  lab/img: { build: ${build} }\ncontainers:\n  a: { image: lab/img }\n`);
      return loadScenarios([join(base, "labs", "s.yaml")]);
    };

    it("a symbolic link that leads out of the scenario's directory is refused, with its position", async () => {
      const { scenarios, diagnostics } = await load("./escape");
      expect(scenarios).toEqual([]);
      expect(diagnostics).toMatchObject([
        {
          line: 3,
          col: 21,
          code: "E_PATH",
          message: `build context "escape" leads out of the scenario's directory through a symbolic link (to ${join(base, "outside")}); a build context must stay inside it`,
        },
      ]);
    });

    it("a link that stays inside is fine; a missing context is refused before any engine call", async () => {
      expect((await load("./alias")).diagnostics).toEqual([]);
      expect((await load("./nowhere")).diagnostics.map((d) => d.message)).toEqual([
        'build context "nowhere" does not exist; create the directory or fix the path (it is relative to the scenario file)',
      ]);
    });

    it("a link inside the context is not followed: the engine gets the context's own files only", async () => {
      const sent = await captureBuildContext(join(base, "labs", "web"));
      expect(sent.sort()).toEqual(["Dockerfile", "index.html"]);
    });
  });
});

// --- commands ----------------------------------------------------------------------------

const word = fc.string({ unit: fc.constantFrom(..."ab $;|&`'\"\\*?(){}<>#~=\n\t".split("")), maxLength: 8 });

describe("commands are argv, never a shell", () => {
  it("any argv, quoted as a shell would need, splits back into exactly itself: nothing expanded, nothing run", () => {
    fc.assert(
      fc.property(fc.array(word, { minLength: 1, maxLength: 5 }), (argv) => {
        const quoted = argv.map((w) => `'${w.replaceAll("'", `'\\''`)}'`).join(" ");
        expect(splitCommand(quoted)).toEqual(argv);
      }),
      RUNS,
    );
  });

  it("any string splits into words or is refused (an unclosed quote), and never throws", () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(..."a $;|`'\"\\ \n".split("")), maxLength: 30 }), (text) => {
        const argv = splitCommand(text);
        if (argv !== undefined) for (const w of argv) expect(typeof w).toBe("string");
      }),
      RUNS,
    );
  });

  it("shell syntax stays literal", () => {
    expect(splitCommand("echo $HOME; rm -rf / | cat `id` $(id) && x > /y")).toEqual([
      "echo",
      "$HOME;",
      "rm",
      "-rf",
      "/",
      "|",
      "cat",
      "`id`",
      "$(id)",
      "&&",
      "x",
      ">",
      "/y",
    ]);
  });

  it("no module of the runner can start a process on the host, but the ssh transport's own `ssh`", async () => {
    const files = (await readdir(join(ROOT, "src"), { recursive: true })).filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"));
    const offenders: string[] = [];
    // src/setup/ runs the shipped image recipes (bash) for `lab doctor --fix` and `--build` only: it is the machine's
    // setup, asked for by name, and no module but the doctor command may load it.
    const setup = (f: string): boolean => f.startsWith("setup/");
    for (const f of files) {
      const text = await readFile(join(ROOT, "src", f), "utf8");
      if (!setup(f) && /\bchild_process\b|\bworker_threads\b|process\.binding|\beval\(|new Function\(/.test(text)) offenders.push(f);
      if (!setup(f) && f !== "cli/doctor-command.ts" && /from "(\.\.?\/)+setup\//.test(text)) offenders.push(`${f} (loads src/setup/)`);
    }
    expect(files.length).toBeGreaterThan(50);
    // DOCKER_HOST=ssh:// runs the system's ssh, as the docker CLI does: a fixed program, argv only, no shell.
    expect(offenders).toEqual(["runtime/ssh-agent.ts"]);
    const ssh = await readFile(join(ROOT, "src/runtime/ssh-agent.ts"), "utf8");
    expect(ssh.match(/spawn\(/g)).toHaveLength(1);
    expect(ssh).toMatch(/command = "ssh"/);
    expect(ssh).not.toMatch(/shell:|exec\(|execSync|spawnSync/);
  });
});

// --- no power over the host --------------------------------------------------------------

/** What lab may ever ask the engine for, in `POST /containers/create`. Anything else (Privileged, Binds, CapAdd, PidMode, ...) fails the test. */
// dockerode sends the container's name in the query and leaves it in the body too, where the engine ignores it.
const CREATE_KEYS = [
  "name",
  "Image",
  "Cmd",
  "Entrypoint",
  "Env",
  "Hostname",
  "User",
  "WorkingDir",
  "Labels",
  "ExposedPorts",
  "Healthcheck",
  "HostConfig",
  "NetworkingConfig",
];
// DNS settings and host entries change only what the container itself reads (its resolv.conf and /etc/hosts): no power over the host.
const HOST_CONFIG_KEYS = ["NetworkMode", "Init", "Links", "PortBindings", "Dns", "DnsSearch", "DnsOptions", "ExtraHosts"];

interface Recorded {
  method: string;
  url: string;
  body: unknown;
}

/** A stand-in engine on a unix socket: answers what a provisioning and a teardown ask, and records it. */
async function fakeEngine(): Promise<{ host: string; calls: Recorded[]; tars: Buffer[]; close(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), "lab-fake-engine-"));
  const socket = join(dir, "engine.sock");
  const calls: Recorded[] = [];
  const tars: Buffer[] = [];
  let n = 0;
  const server: Server = createServer(async (req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks);
    const url = req.url ?? "";
    const path = url.replace(/^\/v[\d.]+/, "").split("?")[0]!;
    if (path === "/build") tars.push(raw);
    let body: unknown;
    try {
      body = raw.length && (req.headers["content-type"] ?? "").includes("json") ? JSON.parse(raw.toString("utf8")) : undefined;
    } catch {
      body = undefined;
    }
    calls.push({ method: req.method ?? "", url, body });
    const json = (status: number, value: unknown): void => {
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify(value));
    };
    if (path === "/version") return json(200, { Version: "20.10-fake", ApiVersion: "1.41", Os: "linux" });
    // A swarm node, so that the overlay lab provisions here too.
    if (path === "/info") return json(200, { Swarm: { LocalNodeState: "active" } });
    if (path === "/build") return json(200, { stream: "built\n" });
    if (req.method === "POST" && path.endsWith("/create")) return json(201, { Id: `fake${++n}` });
    if (req.method === "DELETE" || /\/(start|stop|kill)$/.test(path)) return res.writeHead(204).end();
    if (/^\/containers\/[^/]+\/json$/.test(path))
      return json(200, {
        Id: "x",
        Name: "/x",
        State: { Status: "running", Running: true, ExitCode: 0, Error: "", Pid: 0, StartedAt: "" },
        NetworkSettings: { Networks: {} },
      });
    if (/^\/networks\/[^/]+$/.test(path)) return json(200, { Id: "x", Containers: {} });
    if (path === "/containers/json" || path === "/networks") return json(200, []);
    return json(200, {});
  });
  await new Promise<void>((r) => server.listen(socket, r));
  return {
    host: `unix://${socket}`,
    calls,
    tars,
    close: async () => void (await new Promise((r) => server.close(r)), await rm(dir, { recursive: true, force: true })),
  };
}

/** The names of the files in a gzipped tar archive. */
function tarNames(gz: Buffer): string[] {
  const tar = gunzipSync(gz);
  const names: string[] = [];
  for (let at = 0; at + 512 <= tar.length;) {
    const name = tar
      .subarray(at, at + 100)
      .toString("utf8")
      .replace(/\0.*$/s, "");
    if (!name) break;
    const size = parseInt(
      tar
        .subarray(at + 124, at + 136)
        .toString("utf8")
        .replace(/\0.*$/s, "")
        .trim() || "0",
      8,
    );
    names.push(name);
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}

async function captureBuildContext(context: string): Promise<string[]> {
  const engine = await fakeEngine();
  try {
    await new DockerodeRuntime({ socketPath: engine.host.slice("unix://".length) }).buildImage({
      tag: "lab/ctx-test",
      context,
      dockerfile: "Dockerfile",
      labels: {},
    });
    return tarNames(engine.tars[0]!);
  } finally {
    await engine.close();
  }
}

describe("no container power over the host, whatever the scenario", () => {
  let engine: Awaited<ReturnType<typeof fakeEngine>>;
  let dir: string;
  const saved = process.env.DOCKER_HOST;
  beforeAll(async () => {
    engine = await fakeEngine();
    dir = await mkdtemp(join(tmpdir(), "lab-power-"));
    process.env.DOCKER_HOST = engine.host;
  });
  afterAll(async () => {
    if (saved === undefined) delete process.env.DOCKER_HOST;
    else process.env.DOCKER_HOST = saved;
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  /** Provisions and tears down `doc` against the stand-in engine (its steps, waits and builds left out); returns the create bodies. */
  async function creates(doc: Record<string, unknown>, file: string): Promise<{ name: string; body: Record<string, unknown> }[]> {
    const world: Record<string, unknown> = { ...doc, steps: [], images: undefined };
    for (const c of Object.values((world.containers ?? {}) as Record<string, Record<string, unknown>>)) delete c.wait;
    await writeFile(join(dir, file), stringify(world));
    const before = engine.calls.length;
    const { summary } = await runLab({ paths: [join(dir, file)], reporters: [] });
    expect(summary.exitCode, JSON.stringify(summary)).toBe(0);
    return engine.calls
      .slice(before)
      .filter((c) => c.method === "POST" && /\/containers\/create/.test(c.url))
      .map((c) => ({ name: decodeURIComponent(/name=([^&]+)/.exec(c.url)?.[1] ?? ""), body: c.body as Record<string, unknown> }));
  }

  function expectNoHostPower(made: { name: string; body: Record<string, unknown> }[], doc: Record<string, unknown>): void {
    const declared = doc.containers as Record<string, { network_mode?: string }>;
    expect(made.length).toBe(Object.keys(declared).length);
    for (const { name, body } of made) {
      expect(
        Object.keys(body).filter((k) => !CREATE_KEYS.includes(k)),
        name,
      ).toEqual([]);
      const host = body.HostConfig as Record<string, unknown>;
      expect(
        Object.keys(host).filter((k) => !HOST_CONFIG_KEYS.includes(k) || host[k] === null),
        name,
      ).toEqual([]);
      expect(host.Init === undefined || typeof host.Init === "boolean", name).toBe(true);
      const own = Object.keys(declared).find((c) => name.endsWith(`-${c}`))!;
      const mode = String(host.NetworkMode);
      // The host's network namespace only where the scenario asks for it (format v1 has `network_mode: host`); another container's only if it is the run's own.
      if (mode === "host") expect(declared[own]?.network_mode, name).toBe("host");
      if (mode.startsWith("container:")) expect(mode, name).toMatch(/^container:lab-[0-9a-f]{6}-/);
      expect(JSON.stringify(body), name).not.toMatch(
        /"(Binds|Mounts|Volumes|VolumesFrom|Privileged|CapAdd|Devices|PidMode|IpcMode|UTSMode|UsernsMode|SecurityOpt|CgroupParent|Sysctls)"/,
      );
    }
  }

  it("the shipped labs", async () => {
    const files = (await readdir(join(ROOT, "scenarios"))).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const [i, f] of files.entries()) {
      const doc = parse(await readFile(join(ROOT, "scenarios", f), "utf8")) as Record<string, unknown>;
      expectNoHostPower(await creates(doc, `shipped-${i}.yaml`), doc);
    }
  });

  it("random valid scenarios", async () => {
    let i = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          name: fc.constantFrom("power"),
          containers: fc.dictionary(
            fc.constantFrom("a", "b", "c"),
            fc.record(
              {
                image: fc.constantFrom("busybox", "nginx"),
                command: fc.constantFrom("sleep 600", "sh -c 'id'"),
                network_mode: fc.constantFrom("bridge", "host", "none", "container:a"),
                init: fc.boolean(),
                user: fc.constantFrom("root", "0:0", "nobody"),
                ports: fc.array(fc.constantFrom("80", "127.0.0.1:8080:80", "53/udp"), { maxLength: 2 }),
                links: fc.constant(undefined),
                files: fc.constant({ "/etc/motd": "hi" }),
              },
              { requiredKeys: ["image"] },
            ),
            { minKeys: 1, maxKeys: 3 },
          ),
        }),
        async (doc) => {
          const text = stringify(doc);
          if (!parseScenario("p.yaml", text).scenario) return; // the property is about what reaches the engine
          expectNoHostPower(await creates(doc, `random-${i++}.yaml`), doc);
        },
      ),
      { numRuns: 60, seed: SEED },
    );
    expect(i).toBeGreaterThan(10);
  });
});
