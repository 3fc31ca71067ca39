// The engine's inspect documents, captured from Docker 20.10 (a container on a dual-stack
// network with an alias and a published port, one sharing its namespace, and the network),
// mapped into what lab reads.
import { readFileSync } from "node:fs";
import type Docker from "dockerode";
import { describe, expect, it } from "vitest";
import { containerInfo, networkInfo } from "../src/runtime/map-inspect.js";

const doc = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/engine/${name}.json`, import.meta.url), "utf8")) as T;
const web = doc<Docker.ContainerInspectInfo>("container-inspect");
const shared = doc<Docker.ContainerInspectInfo>("container-inspect-shared-ns");
const network = doc<Docker.NetworkInspectInfo>("network-inspect");

describe("containerInfo", () => {
  it("reads the state, the endpoints with both addresses and aliases, and the published ports", () => {
    const info = containerInfo(web);
    expect(info).toMatchObject({
      id: web.Id,
      name: "corefx4699-web",
      status: "running",
      running: true,
      exitCode: 0,
      error: "",
      pid: 6875,
      networkMode: "corefx4699",
    });
    expect(info.health).toBeUndefined();
    expect(info.startedAt).toBe("2026-12-02T18:31:14.637025388Z");
    expect(info.endpoints).toEqual({
      corefx4699: { networkId: network.Id, ipv4: "10.231.7.2", ipv6: "fd00:7:7::2", mac: "02:42:0a:e7:07:02", aliases: ["www", "e2b2616b01b7"], links: [] },
    });
    expect(info.ports).toEqual({ "80/tcp": [{ hostIp: "127.0.0.1", hostPort: "18931" }] });
    expect(info.raw).toBe(web);
  });

  it("gives a container in another's namespace no endpoint and no port", () => {
    const info = containerInfo(shared);
    expect(info.networkMode).toBe(`container:${web.Id}`);
    expect(info.endpoints).toEqual({});
    expect(info.ports).toEqual({});
  });

  it("reads the engine's nulls as empty, leaves exposed-only ports out, and keeps health", () => {
    const stopped = structuredClone(web) as unknown as Record<string, Record<string, unknown>>;
    stopped.State = { ...stopped.State, Status: "exited", Running: false, Pid: 0, ExitCode: 137, Health: { Status: "unhealthy" } };
    stopped.NetworkSettings.Ports = { "80/tcp": null, "53/udp": [{ HostIp: "", HostPort: "5353" }] };
    stopped.NetworkSettings.Networks.corefx4699 = {
      ...stopped.NetworkSettings.Networks.corefx4699,
      Aliases: null,
      IPAddress: "",
      GlobalIPv6Address: "",
      Links: ["/other:/corefx4699-web/db"],
    };
    const info = containerInfo(stopped as Docker.ContainerInspectInfo);
    expect(info).toMatchObject({ status: "exited", running: false, pid: 0, exitCode: 137, health: "unhealthy" });
    expect(info.ports).toEqual({ "53/udp": [{ hostIp: "", hostPort: "5353" }] });
    expect(info.endpoints.corefx4699).toMatchObject({ ipv4: "", ipv6: "", aliases: [], links: ["/other:/corefx4699-web/db"] });
  });
});

describe("networkInfo", () => {
  it("reads the driver, the subnets of both families, the labels and the members with their addresses", () => {
    const info = networkInfo(network);
    expect(info).toMatchObject({ id: network.Id, name: "corefx4699", driver: "bridge", internal: false, options: {}, labels: { "io.lab.test": "core" } });
    expect(info.subnets).toEqual([{ subnet: "10.231.7.0/24" }, { subnet: "fd00:7:7::/64" }]);
    expect(info.containers).toEqual([
      {
        id: web.Id,
        name: "corefx4699-web",
        endpointId: "88022ab8f074317c87f492f290f800de0d664644c5733f90a4a24a7c82333239",
        mac: "02:42:0a:e7:07:02",
        ipv4: "10.231.7.2/24",
        ipv6: "fd00:7:7::2/64",
      },
    ]);
    expect(info.raw).toBe(network);
  });

  it("reads a gateway, and a network without members or IPAM", () => {
    const gw = networkInfo({ ...network, IPAM: { Driver: "default", Config: [{ Subnet: "10.9.0.0/24", Gateway: "10.9.0.254" }] } });
    expect(gw.subnets).toEqual([{ subnet: "10.9.0.0/24", gateway: "10.9.0.254" }]);
    const bare = networkInfo({ ...network, IPAM: undefined, Containers: undefined, Labels: undefined, Options: undefined, Internal: true });
    expect(bare).toMatchObject({ subnets: [], containers: [], labels: {}, options: {}, internal: true });
  });
});
