import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { engineRef } from "../src/runtime/runtime.js";
import { runStep } from "../src/steps/run-step.js";
import type { StepContext, World } from "../src/steps/step-kind.js";
import { fakeClock, FakeRuntime } from "./support/fake-runtime.js";

/** A loopback server sending NEEDLE, 5 MiB of x, then "the end": the host's http probe reads it through the bounded collector. */
let server: Server;
let port = 0;
const FILL = 5 * 1024 * 1024;

beforeAll(async () => {
  server = createServer((_req, res) => {
    res.write("NEEDLE\n");
    const chunk = Buffer.alloc(64 * 1024, "x");
    for (let i = 0; i < FILL / chunk.length; i++) res.write(chunk);
    res.end("\nthe end\n");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

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

const run = (contains: string) => {
  const ctx: StepContext = { runtime: new FakeRuntime(), world, signal: new AbortController().signal };
  const args = { from: "host", url: `http://127.0.0.1:${port}/`, contains };
  return runStep({ step: { index: 0, kind: "http", args, name: "", expect: "pass", timeoutMs: 30_000, line: 1 }, title: "http" }, ctx, {
    clock: fakeClock(),
    onRetry: () => undefined,
  });
};

describe("a large HTTP body from the host", () => {
  it("is kept as its last 1 MiB, contains still sees its start, and the evidence says what was cut", async () => {
    const r = await run("NEEDLE");
    expect(r.status, r.message).toBe("passed");
    const total = 7 + FILL + 9;
    expect(r.evidence["body cut"]).toBe(`${(total - 1024 * 1024).toLocaleString("en-US")} of ${total.toLocaleString("en-US")} bytes cut, last 1 MiB kept`);
    expect(r.evidence.body!.endsWith("the end")).toBe(true);
    expect(r.evidence.body!.length).toBeLessThan(4096);
  });
});
