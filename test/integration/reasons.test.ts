import { describe, expect, it } from "vitest";
import { docker, lab, leftovers } from "./cli.js";
import { runYaml } from "./run-api.js";

/**
 * Every failure reason, made to occur on the real engine by a world built for it: a closed
 * port refuses, isolated networks drop, `network_mode: none` has no route, an unknown name
 * is nxdomain, a stopped container cannot be probed from, a 404 is a mismatch. The world is
 * kept after the run, so that the test asks the engine itself (docker exec, busybox's own
 * words) what lab classified, then removes it.
 */
const WORLD = `
networks: { left: {}, right: {} }
containers:
  lefty: { image: busybox, init: true, command: "nc -ll -p 7000 -e /bin/cat", networks: [left] }
  righty: { image: busybox, init: true, command: "nc -ll -p 7000 -e /bin/cat", networks: [right] }
  both: { image: busybox, init: true, command: "nc -ll -p 7000 -e /bin/cat", networks: [left, right] }
  sealed: { image: busybox, init: true, command: sleep 600, network_mode: none }
  web: { image: nginx, networks: [left] }
  idle: { image: busybox, command: sleep 600, networks: [left], start: false }
`;

// name → [the step, the reason lab must give, what busybox says when the test asks the engine itself]
const CASES: Record<string, [string, string, { from: string; argv: (ip: Record<string, string>) => string; said: RegExp } | undefined]> = {
  "closed port": [
    "tcp: { from: lefty, host: both, port: 7001 }",
    "refused",
    { from: "lefty", argv: () => "nc -w 2 both 7001 </dev/null", said: /Connection refused/ },
  ],
  "http to a closed port": [
    'http: { from: lefty, url: "http://both:7001/" }',
    "refused",
    { from: "lefty", argv: () => "timeout 3 wget -q -O - http://both:7001/", said: /Connection refused/ },
  ],
  "across isolated networks": [
    "tcp: { from: lefty, host: { ip_of: righty }, port: 7000 }",
    "timeout",
    { from: "lefty", argv: (ip) => `nc -w 2 ${ip.righty} 7000 </dev/null`, said: /timed out/ },
  ],
  "ping across isolated networks": [
    "ping: { from: lefty, host: { ip_of: righty } }",
    "timeout",
    { from: "lefty", argv: (ip) => `ping -c 1 -W 2 ${ip.righty}`, said: /100% packet loss/ },
  ],
  "http across isolated networks": ['http: { from: lefty, url: "http://${righty}:7000/" }', "timeout", undefined],
  "from network mode none": [
    "tcp: { from: sealed, host: { ip_of: lefty }, port: 7000 }",
    "unreachable",
    { from: "sealed", argv: (ip) => `nc -w 2 ${ip.lefty} 7000 </dev/null`, said: /Network is unreachable/ },
  ],
  "ping from none": [
    "ping: { from: sealed, host: { ip_of: lefty } }",
    "unreachable",
    { from: "sealed", argv: (ip) => `ping -c 1 -W 2 ${ip.lefty}`, said: /Network is unreachable/ },
  ],
  "unknown name": [
    "tcp: { from: lefty, host: nosuchname, port: 7000 }",
    "nxdomain",
    { from: "lefty", argv: () => "nc -w 2 nosuchname 7000 </dev/null", said: /bad address 'nosuchname'/ },
  ],
  "resolve an unknown name": ["resolve: { from: lefty, name: nosuchname }", "nxdomain", { from: "lefty", argv: () => "nslookup nosuchname", said: /NXDOMAIN/ }],
  "a 404": ['http: { from: lefty, url: "http://web/nothing-here" }', "mismatch", undefined],
  "from a stopped container": ["tcp: { from: idle, host: lefty, port: 7000 }", "no-probe", undefined],
};

describe("failure reasons on the real engine", () => {
  it("classifies each failure, the engine's tools say the same, and the result carries the reason", { timeout: 240_000 }, async () => {
    // http across networks needs righty's address in the URL: a first, passing run could give it, but a fixed subnet is simpler.
    const world = WORLD.replace("right: {}", "right: { subnet: 10.231.70.0/24 }").replace(
      "networks: [right] }",
      "networks: { right: { ipv4_address: 10.231.70.10 } } }",
    );
    const steps = Object.entries(CASES)
      // A probe that could not run proves nothing: `reason: no-probe` cannot be required, so that step asks for any failure.
      .map(
        ([name, [step, reason]]) =>
          `  - name: ${name}\n    ${step.replace("${righty}", "10.231.70.10")}\n    expect: fail\n${reason === "no-probe" ? "" : `    reason: ${reason}\n`}    timeout: 20s\n`,
      )
      .join("");
    const matrix = `  - name: the matrix
    reach:
      port: 7000
      to:         [lefty,    both,  { ip_of: righty },  nosuchname]
      from:
        lefty:     yes       yes    timeout             nxdomain
        both:      yes       yes    yes                 nxdomain
        righty:    nxdomain  yes    yes                 no
        sealed:    .         nxdomain  unreachable      nxdomain
    timeout: 30s
`;
    const yaml = `name: reasons-real\ntimeout: 120s\n${world}\nsteps:\n${steps}${matrix}`;
    const { result, step } = await runYaml(yaml, { keep: "always" });
    try {
      const byName = Object.fromEntries(result.steps.map((s) => [s.name, s]));
      for (const [name, [, reason]] of Object.entries(CASES)) {
        // A stopped container cannot be probed from: the step fails, and says why.
        if (reason === "no-probe") expect(byName[name]).toMatchObject({ status: "failed", reason: "no-probe" });
        else
          expect({ name, status: byName[name]!.status, reason: byName[name]!.reason, message: byName[name]!.message }).toMatchObject({
            name,
            status: "passed",
            reason,
          });
      }
      const m = step("the matrix");
      expect(m.status, m.message).toBe("passed");
      expect(m.matrix!.rows.map((r) => r.cells.map((c) => c.seen).join(" "))).toEqual([
        "yes yes timeout nxdomain",
        "yes yes yes nxdomain",
        "nxdomain yes yes nxdomain",
        ". nxdomain unreachable nxdomain",
      ]);

      // The engine's own answer, through docker exec in the kept containers.
      const real = (n: string): string => result.resources.find((r) => r.kind === "container" && r.name === n)!.real;
      const ip = { righty: "10.231.70.10", lefty: await docker("inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", real("lefty")) };
      for (const [name, [, , engine]] of Object.entries(CASES)) {
        if (!engine) continue;
        const said = await docker("exec", real(engine.from), "sh", "-c", `${engine.argv(ip)} 2>&1; true`);
        expect({ name, said }).toMatchObject({ name, said: expect.stringMatching(engine.said) });
      }
      expect(await docker("inspect", "-f", "{{.State.Status}}", real("idle"))).toBe("created");
    } finally {
      await lab(["clean", "--run", result.runId]);
    }
    expect(await leftovers(result.runId)).toEqual([]);
  });
});
