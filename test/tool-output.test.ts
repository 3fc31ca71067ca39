import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { atPath } from "../src/probes/dotted-path.js";
import { hostsEntries, nameservers } from "../src/probes/hosts-file.js";
import { nslookupAnswers, nslookupFailure } from "../src/probes/nslookup-output.js";
import { portLines, samePortLine } from "../src/probes/port-lines.js";
import { ports as mapPorts, type HostBindingDoc } from "../src/runtime/map-inspect.js";
import { interfaceNames } from "../src/probes/proc-net-dev.js";
import { ncFailure, pingFailure, wgetResponse } from "../src/probes/tool-failures.js";

/** Output captured from the real tools: test/fixtures/tool-output/README.md says how. */
const captured = (name: string): string => readFileSync(new URL(`fixtures/tool-output/${name}`, import.meta.url), "utf8");

describe("busybox nslookup", () => {
  it.each([
    ["nslookup-found.txt", ["192.168.0.2"], undefined],
    ["nslookup-nxdomain.txt", [], "NXDOMAIN"],
    ["nslookup-no-server.txt", [], "connection timed out"],
  ])("%s: answers %j, failure %j", (file, answers, failure) => {
    const out = captured(file);
    expect(nslookupAnswers(out)).toEqual(answers);
    expect(nslookupFailure(out)).toBe(failure);
  });

  it("does not take the server's own address for an answer", () => {
    expect(nslookupAnswers(captured("nslookup-nxdomain.txt"))).not.toContain("127.0.0.11");
  });
});

describe("/etc/hosts", () => {
  it.each([
    ["hosts-link.txt", "pubhost", ["172.17.0.2"]],
    ["hosts-link.txt", "PUBHOST", ["172.17.0.2"]],
    ["hosts-link.txt", "lab-kinds-fx-4649-pub", ["172.17.0.2"]],
    ["hosts-link.txt", "localhost", ["127.0.0.1", "::1"]],
    ["hosts-link.txt", "pub", []],
    ["hosts-user-network.txt", "srv", []],
  ])("%s: %s -> %j", (file, name, ips) => {
    expect(hostsEntries(captured(file), name).map((e) => e.ip)).toEqual(ips);
  });

  it("reads the nameservers of a resolv.conf in order, comments aside", () => {
    expect(nameservers("# Generated\nsearch lab\nnameserver 127.0.0.11\noptions ndots:0\n nameserver 10.0.0.2\n")).toEqual(["127.0.0.11", "10.0.0.2"]);
  });
});

describe("/proc/net/dev", () => {
  it.each([
    ["proc-net-dev.txt", ["eth0", "lo"]],
    ["proc-net-dev-none.txt", ["lo"]],
    ["", []],
  ])("%s -> %j", (file, names) => {
    expect(interfaceNames(file ? captured(file) : "")).toEqual(names);
  });
});

describe("nc, wget and ping failures", () => {
  it.each([
    ["nc-refused.stderr.txt", "nc: can't connect to remote host (192.168.0.2): Connection refused"],
    ["nc-bad-address.stderr.txt", "nc: bad address 'nope'"],
  ])("nc: %s", (file, said) => {
    expect(ncFailure({ stdout: "", stderr: captured(file) })).toBe(said);
  });

  it.each([
    ["200", 0, 200, ""],
    ["404", 1, 404, ""],
    ["refused", 1, undefined, "wget: can't connect to remote host (192.168.0.2): Connection refused"],
    ["bad-address", 1, undefined, "wget: bad address 'nope'"],
  ])("wget %s", (name, exitCode, status, error) => {
    const out = { exitCode, stdout: captured(`wget-${name}.stdout.txt`), stderr: captured(`wget-${name}.stderr.txt`) };
    expect(wgetResponse(out)).toEqual({ status, error });
  });

  it("wget with nothing said gives its exit code", () => {
    expect(wgetResponse({ exitCode: 143, stdout: "", stderr: "" })).toEqual({ status: undefined, error: "wget exited with 143" });
  });

  it.each([
    ["ping: bad address 'nope'", "nope does not resolve"],
    ["PING 10.9.9.9 (10.9.9.9): 56 data bytes\nping: sendto: Network unreachable", "the network is unreachable"],
    ["PING db (172.28.0.3): 56 data bytes\n\n--- db ping statistics ---\n1 packets transmitted, 0 packets received, 100% packet loss", "no echo reply"],
  ])("ping: %j", (output, why) => {
    expect(pingFailure(output, "nope")).toBe(why);
  });
});

describe("docker port", () => {
  const ports = mapPorts(JSON.parse(captured("inspect-ports.json")) as Record<string, HostBindingDoc[] | null>);

  it("prints the lines docker port prints, from the inspect document", () => {
    const printed = captured("docker-port.txt").trim().split("\n");
    expect(portLines(ports)).toEqual(["80/tcp -> 127.0.0.1:32768", "80/udp -> 0.0.0.0:8099", "80/udp -> [::]:8099"]);
    for (const line of portLines(ports)) expect(printed).toContain(line);
  });

  it.each([
    ["80/tcp -> 127.0.0.1:32768", "80/tcp  ->  127.0.0.1:32768", true],
    ["80/udp -> [::]:8099", "80/udp -> 0.0.0.0:8099", true],
    ["80/tcp -> 127.0.0.1:32768", "80/udp -> 127.0.0.1:32768", false],
  ])("%j and %j are the same mapping: %s", (a, b, same) => {
    expect(samePortLine(a, b)).toBe(same);
  });

  it("has no line for a container that publishes nothing", () => {
    expect(portLines(mapPorts(undefined))).toEqual([]);
    expect(portLines(mapPorts({ "80/tcp": null, "81/tcp": [] }))).toEqual([]);
  });
});

describe("inspect dotted paths", () => {
  const doc = {
    State: { Status: "running", Health: null },
    NetworkSettings: {
      Ports: JSON.parse(captured("inspect-ports.json")),
      Networks: { "lab-r1-app": { IPAddress: "172.28.0.2", Aliases: ["web"] }, bridge: { IPAddress: "172.17.0.2" } },
    },
    Args: ["-f", "-p"],
  };

  it.each([
    ["State.Status", true, "running"],
    [".State.Status", true, "running"],
    ["state.status", true, "running"],
    ["State.Health", true, null],
    ["State.Nope", false, undefined],
    ["NetworkSettings.Ports.80/tcp.0.HostPort", true, "32768"],
    ["NetworkSettings.Networks.lab-r1-app.IPAddress", true, "172.28.0.2"],
    ["NetworkSettings.Networks.*.IPAddress", true, ["172.28.0.2", "172.17.0.2"]],
    ["NetworkSettings.Networks.*.Aliases", true, [["web"]]],
    ["Args.1", true, "-p"],
    ["Args.5", false, undefined],
    ["State.Status.deeper", false, undefined],
  ])("%s", (path, found, value) => {
    expect(atPath(doc, path)).toEqual({ found, value });
  });
});
