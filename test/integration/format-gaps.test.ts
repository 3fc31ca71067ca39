import { describe, expect, it } from "vitest";
import { docker, leftovers, removeNetworks } from "./cli.js";
import { runYaml } from "./run-api.js";

type Run = Awaited<ReturnType<typeof runYaml>>;

const removeAll = async (result: Run["result"]) => {
  await docker("rm", "-f", ...result.resources.filter((r) => r.kind === "container").map((r) => r.real)).catch(() => "");
  await removeNetworks(...result.resources.filter((r) => r.kind === "network").map((r) => r.real));
};

// The engine's view of each new key, through the docker CLI; lab's own steps only drive the world.
describe("the container DNS keys, network settings and the world-changing steps, on the real engine", () => {
  it("sets resolv.conf, /etc/hosts and the domain as docker run --dns-search/--dns-option/--add-host/--domainname do", async () => {
    const { result } = await runYaml(
      `name: gaps-dns
networks: { app: { subnet: 10.231.77.0/24, ip_range: 10.231.77.128/25, attachable: true, driver_opts: { com.docker.network.driver.mtu: "1400" } } }
containers:
  web:
    image: busybox
    init: true
    command: sleep 600
    networks: [app]
    dns_search: [lab.example.test]
    dns_opt: ["ndots:3"]
    extra_hosts: ["legacy.example.test:192.0.2.10"]
    domainname: corp.example.test
  plain: { image: busybox, init: true, command: sleep 600, networks: [app], hostname: false, dns: 192.0.2.53 }
steps:
  # No lookup leaves the machine: the name is read from /etc/hosts, as a resolver would first.
  - { name: the extra host is in /etc/hosts, exec: { container: web, command: "cat /etc/hosts", stdout: { matches: '(?m)^192\\.0\\.2\\.10\\s+legacy\\.example\\.test$' } } }
`,
      { keep: "always" },
    );
    try {
      expect(result.steps.map((s) => `${s.name}: ${s.status} ${s.message}`)).toEqual([expect.stringMatching(/^the extra host is in \/etc\/hosts: passed/)]);
      const real = (n: string) => result.resources.find((r) => r.name === n)!.real;
      const resolv = await docker("exec", real("web"), "cat", "/etc/resolv.conf");
      expect(resolv).toMatch(/^search lab\.example\.test$/m);
      expect(resolv).toMatch(/^options .*ndots:3/m);
      expect(await docker("exec", real("web"), "cat", "/etc/hosts")).toMatch(/^192\.0\.2\.10\s+legacy\.example\.test$/m);
      expect(await docker("inspect", "-f", "{{.Config.Domainname}}", real("web"))).toBe("corp.example.test");
      // No lookup is made from plain: its upstream is a documentation address that answers nothing. On a
      // user network resolv.conf keeps the embedded 127.0.0.11, which forwards to the container's --dns.
      expect(await docker("inspect", "-f", "{{json .HostConfig.Dns}}", real("plain"))).toBe('["192.0.2.53"]');
      expect(await docker("exec", real("plain"), "cat", "/etc/resolv.conf")).toMatch(/^nameserver 127\.0\.0\.11$/m);
      // hostname: false leaves the engine's default, the short container id.
      const id = await docker("inspect", "-f", "{{.Id}}", real("plain"));
      expect(await docker("inspect", "-f", "{{.Config.Hostname}}", real("plain"))).toBe(id.slice(0, 12));
      const net = JSON.parse(await docker("network", "inspect", real("app"))) as {
        IPAM: { Config: { Subnet: string; IPRange?: string }[] };
        Attachable: boolean;
        Options: Record<string, string>;
      }[];
      expect(net[0]!.IPAM.Config[0]).toMatchObject({ Subnet: "10.231.77.0/24", IPRange: "10.231.77.128/25" });
      expect(net[0]!.Attachable).toBe(true);
      expect(net[0]!.Options["com.docker.network.driver.mtu"]).toBe("1400");
    } finally {
      await removeAll(result);
    }
    expect(await leftovers(result.runId)).toEqual([]);
  }, 180_000);

  it("creates and removes a network by step (refused while it has members), renames a container, kills with a signal, execs as a user with env, reads one log stream", async () => {
    const { result, step } = await runYaml(
      `name: gaps-steps
networks: { extra: { create: false } }
containers:
  talker: { image: busybox, init: true, command: ["sh", "-c", "echo to-out; echo to-err >&2; exec sleep 600"] }
  joiner: { image: busybox, init: true, command: sleep 600, start: false }
steps:
  - create_network: extra
  - { connect: { container: talker, network: extra } }
  - { name: removing a network with a member is refused, remove_network: extra, expect: fail, error: active endpoints }
  - { name: stdout alone, logs: { container: talker, stream: stdout, contains: to-out } }
  - { name: stderr has no stdout, logs: { container: talker, stream: stderr, contains: to-out }, expect: fail, timeout: 1s }
  - { name: exec as a user with env, exec: { container: talker, command: "sh -c 'echo $(id -u) $GREETING'", user: "65534", environment: { GREETING: hi }, stdout: { equals: "65534 hi" } } }
  - { rename: { container: talker, name: speaker } }
  - { disconnect: { container: talker, network: extra } }
  - remove_network: extra
  - { kill: { container: talker, signal: SIGTERM } }
`,
      { keep: "always" },
    );
    try {
      for (const s of result.steps) expect(s.status, `${s.name}: ${s.message}`).toBe("passed");
      expect(step("removing a network with a member is refused").message).toMatch(/active endpoints/);
      const talker = result.resources.find((r) => r.name === "talker" || r.name === "speaker")!;
      // The rename happened on the engine, the id stayed, and SIGTERM reached init (exit 143).
      const name = await docker("inspect", "-f", "{{.Name}}", talker.real.replace(/--talker$/, "--speaker")).catch((e: Error) => `missing: ${e.message}`);
      expect(name).toMatch(/--speaker$/);
      expect(await docker("inspect", "-f", "{{.State.Running}}", name.replace(/^\//, ""))).toBe("false");
      expect(await docker("network", "ls", "-q", "--filter", `label=io.lab.run=${result.runId}`)).toBe("");
    } finally {
      await removeAll(result);
      await docker("rm", "-f", result.resources.find((r) => r.name === "talker" || r.name === "speaker")!.real.replace(/--talker$/, "--speaker")).catch(
        () => "",
      );
    }
    expect(await leftovers(result.runId)).toEqual([]);
  }, 180_000);
});
