import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/load-scenario.js";

const world = (network: string, address = ""): string =>
  `name: v6\nnetworks:\n  app:\n${network}containers:\n  web:\n    image: busybox\n    networks:\n      app: {${address}}\n`;

describe("the top-level subnet shorthand takes IPv6 too, through the same rules as ipam.config", () => {
  it("accepts an IPv6 subnet, gateway and ip_range at the top, with a fixed IPv6 address inside", () => {
    const { scenario, diagnostics } = parseScenario(
      "v6.yaml",
      world('    enable_ipv6: true\n    subnet: fd00:77::/64\n    gateway: "fd00:77::1"\n    ip_range: fd00:77::/80\n', ' ipv6_address: "fd00:77::10" '),
    );
    expect(diagnostics).toEqual([]);
    expect(scenario!.networks[0]!.ipam).toEqual([{ subnet: "fd00:77::/64", gateway: "fd00:77::1", ipRange: "fd00:77::/80" }]);
  });

  it("refuses an IPv6 gateway outside its subnet, and a fixed address outside it, each at its position", () => {
    const { diagnostics } = parseScenario(
      "v6.yaml",
      world('    enable_ipv6: true\n    subnet: fd00:77::/64\n    gateway: "fd00:78::1"\n', ' ipv6_address: "fd00:78::10" '),
    );
    expect(diagnostics.map((d) => `${d.line}:${d.col}: ${d.message}`)).toEqual([
      '6:14: gateway fd00:78::1 is outside subnet fd00:77::/64 of network "app"',
      '11:28: address fd00:78::10 of container "web" is outside subnet fd00:77::/64 of network "app"',
    ]);
  });

  it("a fixed address in the second pool of a network is accepted", () => {
    const { diagnostics } = parseScenario(
      "two.yaml",
      world("    ipam:\n      config:\n        - subnet: 10.70.0.0/24\n        - subnet: 10.70.1.0/24\n", " ipv4_address: 10.70.1.5 "),
    );
    expect(diagnostics).toEqual([]);
  });
});
