import { spawn } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseJunit } from "../support/junit-schema.js";
import { docker, lab, leftovers } from "./cli.js";

const PASS = `
name: rep-pass
containers:
  a: { image: busybox, init: true, command: sleep 600 }
steps:
  - state: { container: a, status: running }
  - name: a's hostname is a
    exec: { container: a, command: hostname, stdout: { equals: a } }
`;
const FAIL = `
name: rep-fail
networks: { app: {} }
containers:
  talker: { image: busybox, init: true, command: ["sh", "-c", "echo 'talker <says> & \\"hello\\"'; sleep 600"], networks: [app] }
  quiet: { image: busybox, init: true, command: sleep 600 }
steps:
  - name: talker finds quiet by name
    resolve: { from: talker, name: quiet }
    timeout: 1s
    hint: quiet is on the default bridge, talker on app; they share no network & no DNS.
  - name: quiet cannot find talker
    resolve: { from: quiet, name: talker }
    expect: fail
  - name: talker's hostname is <goodbye>
    exec: { container: talker, command: hostname, stdout: { equals: "<goodbye>" } }
    timeout: 1s
`;
const WAIT = `
name: rep-wait
containers:
  slow: { image: busybox, init: true, command: ["sh", "-c", "echo starting up; sleep 600"], wait: { log: never-printed, timeout: 1s } }
steps:
  - state: { container: slow, status: running }
`;

async function dirWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "lab-reports-"));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}

/** Names of the scenario containers the engine created for lab, streamed live (the engine's own record, not lab's). */
function watchCreates(): { stop(runId: string): Promise<string[]> } {
  const since = String(Math.floor(Date.now() / 1000) - 1);
  const child = spawn(
    "docker",
    [
      "events",
      "--since",
      since,
      "--filter",
      "type=container",
      "--filter",
      "event=create",
      "--filter",
      "label=io.lab.role=scenario",
      "--format",
      '{{index .Actor.Attributes "io.lab.run"}} {{.Actor.Attributes.name}}',
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  let text = "";
  child.stdout.on("data", (d: Buffer) => (text += d.toString()));
  return {
    async stop(runId) {
      await new Promise((r) => setTimeout(r, 300));
      child.kill();
      return text
        .split("\n")
        .filter((l) => l.startsWith(`${runId} `))
        .map((l) => l.slice(runId.length + 1));
    },
  };
}

describe("reports of a run with failures", () => {
  it("writes JUnit with the right testcases, failures, hints and logs, and JSON with the real names", async () => {
    const dir = await dirWith({ "pass.yaml": PASS, "fail.yaml": FAIL, "wait.yaml": WAIT });
    const out = await mkdtemp(join(tmpdir(), "lab-reports-out-"));
    const engine = watchCreates();
    const r = await lab([
      "run",
      dir,
      "--reporter",
      "plain",
      "--reporter",
      "junit",
      "--reporter",
      "json",
      "--output",
      `junit=${join(out, "ci/junit.xml")}`,
      "--output",
      `json=${join(out, "ci/lab.json")}`,
    ]);
    const created = await engine.stop(r.runId!);

    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout.trimEnd().split("\n").at(-1)).toMatch(/^1 passed, 2 failed \(steps: 3 passed, 2 failed, 1 skipped; [\d.]+m?s\)$/);
    expect(await leftovers(r.runId!)).toEqual([]);

    const { attrs, suites } = parseJunit(await readFile(join(out, "ci/junit.xml"), "utf8"));
    expect(attrs).toMatchObject({ name: `lab run ${r.runId}`, tests: "7", failures: "3", errors: "0" });
    expect(suites.map((s) => [s.attrs.name, s.attrs.tests, s.attrs.failures, s.attrs.skipped])).toEqual([
      ["rep-fail", "3", "2", "0"],
      ["rep-pass", "2", "0", "0"],
      ["rep-wait", "2", "1", "1"],
    ]);
    const [fail, pass, wait] = suites;
    expect(fail!.cases.map((c) => c.name)).toEqual(["talker finds quiet by name", "quiet cannot find talker", "talker's hostname is <goodbye>"]);
    expect(pass!.cases.map((c) => c.name)).toEqual(["a is running", "a's hostname is a"]);
    expect(wait!.cases.map((c) => c.name)).toEqual(["provision", "slow is running"]);

    const [resolve, expected, hostname] = fail!.cases;
    expect(resolve!.failure?.message).toMatch(/^quiet does not resolve in talker: NXDOMAIN .*\(still failing after 1s, the step's timeout; \d+ attempts\)$/);
    expect(resolve!.failure?.text).toContain("nameserver: 127.0.0.11");
    expect(resolve!.failure?.text).toContain("hint: quiet is on the default bridge, talker on app; they share no network & no DNS.");
    expect(resolve!.failure?.text).toMatch(/at .*fail\.yaml:8$/);
    // The relevant container's own log line, as the engine has it, characters and all.
    expect(resolve!.systemOut).toContain('container talker: running\n  last log lines:\n  talker <says> & "hello"');
    expect(expected!.failure).toBeUndefined();
    expect(hostname!.failure?.message).toMatch(/^`hostname` in talker: expected stdout to equal "<goodbye>"/);
    expect(hostname!.failure?.text).toContain("stdout: talker");
    expect(hostname!.failure?.text).not.toContain("hint:");
    expect(wait!.cases[0]!.failure).toMatchObject({ type: "E_NOT_READY", message: 'container "slow" did not log "never-printed" within 1s (wait.timeout)' });
    expect(wait!.cases[0]!.systemOut).toContain("container slow: running\n  last log lines:\n  starting up");
    expect(wait!.cases[1]!.skipped?.message).toBe("not run");
    expect(fail!.systemOut).toMatch(/^network app: talker \d+\.\d+\.\d+\.\d+\/\d+ aliases: talker$/m);

    const json = JSON.parse(await readFile(join(out, "ci/lab.json"), "utf8")) as {
      runId: string;
      summary: { exitCode: number };
      scenarios: {
        name: string;
        status: string;
        error?: { code: string };
        steps: { status: string; evidence: Record<string, string> }[];
        resources: { kind: string; name: string; real: string }[];
        diagnostics?: Record<string, string>;
      }[];
    };
    expect(json.runId).toBe(r.runId);
    expect(json.summary.exitCode).toBe(1);
    expect(json.scenarios.map((s) => [s.name, s.status, s.steps.map((x) => x.status).join(",")])).toEqual([
      ["rep-fail", "failed", "failed,passed,failed"],
      ["rep-pass", "passed", "passed,passed"],
      ["rep-wait", "failed", "skipped"],
    ]);
    expect(json.scenarios[0]!.steps[0]!.evidence.nameserver).toBe("127.0.0.11");
    expect(json.scenarios[2]!.error?.code).toBe("E_NOT_READY");
    expect(Object.keys(json.scenarios[0]!.diagnostics ?? {})).toEqual(["container talker", "container quiet", "network app"]);
    // The real names in the report are the ones the engine saw created (probe containers come and go).
    const reported = json.scenarios.flatMap((s) => s.resources.filter((x) => x.kind === "container" && !/-probe\d+$/.test(x.name)).map((x) => x.real));
    expect(reported.sort()).toEqual([...created].sort());
    expect(reported).toContain(`lab-${r.runId}-rep-fail--talker`);
  });

  it("--keep-on-failure leaves the failed world up, and what it prints looks at it and removes it", async () => {
    const dir = await dirWith({
      "kept.yaml": `name: rep-kept\nnetworks: { app: {} }\ncontainers:\n  box: { image: busybox, init: true, command: ["sh", "-c", "echo kept-box-says-hi; sleep 600"], networks: [app] }\nsteps:\n  - state: { container: box, status: exited }\n    timeout: 500ms\n`,
      "fine.yaml": PASS,
    });
    const r = await lab(["run", dir, "--keep-on-failure"]);
    try {
      expect(r.code).toBe(1);
      const real = `lab-${r.runId}-rep-kept--box`;
      expect(r.stdout).toContain(`[rep-kept] kept: the world of rep-kept is still up (run ${r.runId})`);
      expect(r.stdout).toMatch(new RegExp(`^\\[rep-kept\\]   container box  ${real}$`, "m"));
      expect(r.stdout).toContain(`[rep-kept] remove it: lab clean --run ${r.runId}`);
      // The passing scenario was torn down; the failed one is up, as the engine says.
      expect(await docker("ps", "--filter", `label=io.lab.run=${r.runId}`, "--filter", "label=io.lab.role=scenario", "--format", "{{.Names}}")).toBe(real);
      const logs = /^\[rep-kept\] {3}(docker logs \S+)$/m.exec(r.stdout)?.[1];
      expect(logs).toBe(`docker logs ${real}`);
      expect(await docker(...logs!.split(" ").slice(1))).toBe("kept-box-says-hi");
      const ps = /^\[rep-kept\] {3}(docker ps .+)$/m.exec(r.stdout)![1]!;
      expect(await docker(...ps.split(" ").slice(1), "--format", "{{.Names}}")).toContain(real);
    } finally {
      const clean = await lab(["clean", "--run", r.runId!]);
      expect(clean.code).toBe(0);
    }
    expect(await leftovers(r.runId!)).toEqual([]);
  });

  it("refuses ambiguous reporter options before any engine call (exit 2)", async () => {
    const dir = await dirWith({ "pass.yaml": PASS });
    const dead = { DOCKER_HOST: "unix:///nonexistent/docker.sock" };
    const both = await lab(["run", dir, "--reporter", "junit", "--reporter", "json", "--output", "x.xml"], { env: dead });
    expect(both.code).toBe(2);
    expect(both.stderr.trim()).toBe(
      "lab: --output x.xml is ambiguous: junit and json each write a file; say which with --output junit=reports/junit.xml --output json=reports/lab.json.",
    );
    const clash = await lab(["run", dir, "--reporter", "plain", "--reporter", "junit"], { env: dead });
    expect(clash.code).toBe(2);
    expect(clash.stderr.trim()).toBe("lab: the junit reporter has no --output, and plain already writes to stdout; add --output junit=reports/junit.xml.");
  });
});
