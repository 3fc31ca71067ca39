import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runLab } from "../../src/api/run-lab.js";
import { docker, lab, leftovers, SCENARIOS } from "./cli.js";

// The overlay lab needs a swarm, which lab never makes (CI runs bash scripts/setup --swarm):
// without one, and outside CI, the library runs without it and test/integration/overlay.test.ts says why.
const swarm = await docker("info", "--format", "{{.Swarm.LocalNodeState}}");
const withOverlay = swarm === "active" || process.env.CI === "true" || process.env.CI === "1";
const LIBRARY = withOverlay
  ? [SCENARIOS]
  : (await readdir(SCENARIOS, { recursive: true })).filter((f) => f.endsWith(".yaml") && f !== "overlay.yaml").map((f) => join(SCENARIOS, f));

/**
 * Each lab, broken in the way that removes its lesson (a network attachment, an alias, a
 * published port, a link...), must fail on the very step that teaches it: no lab passes
 * vacuously.
 */
const MUTATIONS: { lab: string; change: string; from: string | RegExp; to: string; fails: string }[] = [
  {
    lab: "dns",
    change: "legacy joins the user network",
    from: /^ {2}legacy:\n/m,
    to: "  legacy:\n    networks: [app]\n",
    fails: "legacy cannot find db either, they share no network",
  },
  {
    lab: "containers-are-processes",
    change: "the stop step is gone",
    from: "  - stop: app\n",
    to: "",
    fails: "once stopped, no process of the container is left on the host",
  },
  {
    lab: "run-and-exec",
    change: "exec ends the main process instead",
    from: "command: killall tail",
    to: "command: killall sleep",
    fails: "the container keeps running, since its main command still runs",
  },
  {
    lab: "logs-inspect-stats",
    change: "web publishes no port",
    from: '    ports: ["127.0.0.1:18183:80"]\n',
    to: "",
    fails: "inspect shows the published port",
  },
  {
    lab: "publish-ports",
    change: "web publishes no port",
    from: '    ports: ["127.0.0.1:18184:80"]\n',
    to: "",
    fails: "docker port shows web's published port",
  },
  {
    lab: "port-conflict",
    change: "second asks for another host port",
    from: 'ports: ["127.0.0.1:18186:80"]\n    start: false',
    to: 'ports: ["127.0.0.1:18187:80"]\n    start: false',
    fails: "the engine refuses to start second on the same host port",
  },
  {
    lab: "default-bridge-no-dns",
    change: "both join a user network",
    from: /\ncontainers:\n {2}alpha:\n([\s\S]*?)\n {2}beta:\n/,
    to: "\nnetworks: { shared: {} }\ncontainers:\n  alpha:\n    networks: [shared]\n$1\n  beta:\n    networks: [shared]\n",
    fails: "alpha cannot resolve beta by name",
  },
  {
    lab: "user-network-dns",
    change: "web leaves the user network",
    from: "    networks: [app]\n  db:",
    to: "  db:",
    fails: "web's resolver is the embedded DNS server at 127.0.0.11",
  },
  {
    lab: "links-vs-aliases",
    change: "the link is gone",
    from: '    links: ["db:database"]\n',
    to: "",
    fails: "the linking container resolves the link's name",
  },
  {
    lab: "dns-round-robin",
    change: "search-b has no alias",
    from: /(search-b:[\s\S]*?app: )\{ aliases: \[search\] \}/,
    to: "$1{}",
    fails: "the shared alias answers with both containers",
  },
  {
    lab: "connect-disconnect",
    change: "db is on web's network from the start",
    from: "    networks: [back]\n",
    to: "    networks: [back, front]\n",
    fails: "web cannot resolve db, which is on another network",
  },
  {
    lab: "network-isolation",
    change: "righty joins the left network too",
    from: "    networks: [right]\n",
    to: "    networks: [right, left]\n",
    fails: "lefty cannot resolve righty across networks",
  },
  {
    lab: "host-and-none",
    change: "the server is not in host mode",
    from: "    network_mode: host\n",
    to: "",
    fails: "a server in a host-mode container answers on the host without -p",
  },
  {
    lab: "internal-networks",
    change: "the network is not internal",
    from: "vault: { internal: true }",
    to: "vault: {}",
    fails: "a port published from an internal-only container is not mapped",
  },
  {
    lab: "dns-search-and-hosts",
    change: "shell has no search domain",
    from: "    dns_search: [svc.example.test]\n",
    to: "",
    fails: "shell's resolv.conf has the search domain, and still the embedded DNS",
  },
  {
    lab: "alias-vs-extra-hosts",
    change: "web has no host entry",
    from: "    extra_hosts:\n      kv-pinned: 10.231.41.10\n",
    to: "",
    fails: "web resolves kv-pinned from its /etc/hosts",
  },
  {
    lab: "user-network-links",
    change: "web has no link",
    from: '    links: ["db:primary"]\n',
    to: "",
    fails: "web, the linker, resolves primary to db",
  },
  ...(withOverlay
    ? [
        {
          lab: "overlay",
          change: "web-b has no alias",
          from: /(web-b:[\s\S]*?mesh: )\{ aliases: \[web\] \}/,
          to: "$1{}",
          fails: "the shared alias answers with both containers",
        },
      ]
    : []),
];

/** The plain report's failed steps and errors, each with the evidence indented under it, for the assertion message. */
function whatFailed(stdout: string): string {
  const kept: string[] = [];
  let keeping = false;
  for (const line of stdout.split("\n")) {
    const evidence = /^\[[^\]]+\] {4}/.test(line);
    if (!evidence) keeping = /✗|\] error: /.test(line);
    if (keeping) kept.push(line);
  }
  return kept.join("\n");
}

describe("the shipped labs against the real engine", () => {
  it("lab run scenarios/ passes and leaves nothing behind", async () => {
    const r = await lab(["run", ...LIBRARY, "--parallel", "4"], { timeoutMs: 300_000 });
    expect(r.stdout.trimEnd().split("\n").at(-1), whatFailed(r.stdout)).toMatch(/^\d+ passed, 0 failed \(steps: \d+ passed, 0 failed/);
    expect(r.code).toBe(0);
    expect(await leftovers(r.runId!)).toEqual([]);
    // The library (overlay's slow attachments included) took over 120 s on this busy machine: room, not a limit.
  }, 300_000);

  it("each lab fails on the step that teaches its lesson once the lesson is broken", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-mutants-"));
    for (const m of MUTATIONS) {
      const text = await readFile(join(SCENARIOS, `${m.lab}.yaml`), "utf8");
      const mutant = text.replace(m.from, m.to);
      expect(mutant, `the mutation of ${m.lab} changes the file`).not.toBe(text);
      await writeFile(join(dir, `${m.lab}.yaml`), mutant);
    }
    const { results } = await runLab({ paths: [dir], reporters: [], parallel: 8 });
    for (const m of MUTATIONS) {
      const result = results.find((r) => r.name === m.lab)!;
      const step = result.steps.find((s) => s.name === m.fails);
      expect(step, `${m.lab} has the step "${m.fails}"`).toBeDefined();
      expect(`${m.lab} (${m.change}): ${step!.status}`).toBe(`${m.lab} (${m.change}): failed`);
      expect(result.status).toBe("failed");
    }
    for (const runId of new Set(results.map((r) => r.runId))) expect(await leftovers(runId)).toEqual([]);
  }, 300_000);
});
