import { describe, expect, it } from "vitest";
import { ProbeError } from "../src/errors.js";
import type { PlannedStep } from "../src/plan/plan.js";
import { runStep } from "../src/steps/run-step.js";
import type { StepContext, World } from "../src/steps/step-kind.js";
import { fakeClock } from "./support/fake-runtime.js";
import { engineRef } from "../src/runtime/runtime.js";

const planned = (over: Partial<PlannedStep["step"]>): PlannedStep => ({
  title: "t",
  step: { index: 0, kind: "resolve", args: { from: "web", name: "db" }, name: "", expect: "pass", timeoutMs: 2000, line: 1, ...over },
});

/** An output with its exit code, for tools whose answer is the exit code (ping, nc). */
const exited = (exitCode: number, stdout = "") => ({ exitCode, stdout, stderr: "" });

/** A world whose namespace answers with the scripted outputs, one per attempt. */
function world(outputs: (string | Error | ReturnType<typeof exited>)[]): World {
  let i = 0;
  return {
    engineIsRemote: false,
    container: (n) => engineRef(n),
    network: (n) => engineRef(n),
    aliasesOf: (n) => [n],
    namespaceChanged: () => undefined,
    addressesOf: async () => ["172.18.0.2"],
    addressFor: async () => "172.18.0.2",
    inNamespace: async () => {
      const out = outputs[Math.min(i++, outputs.length - 1)]!;
      if (out instanceof Error) throw out;
      return typeof out === "string" ? exited(0, out) : out;
    },
  };
}

const RESOLVED = "127.0.0.1 localhost\n@@lab@@\nnameserver 127.0.0.11\n@@lab@@\nServer:\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 172.18.0.2\n";
const NXDOMAIN = "127.0.0.1 localhost\n@@lab@@\nnameserver 10.0.0.2\n@@lab@@\nServer:\t10.0.0.2\nAddress:\t10.0.0.2:53\n\n** server can't find db: NXDOMAIN\n";

const ctx = (w: World): StepContext => ({ runtime: undefined as never, world: w, signal: new AbortController().signal });
const hooks = () => ({ clock: fakeClock(), onRetry: () => undefined });

describe("runStep", () => {
  it("retries a pass probe until it passes", async () => {
    const r = await runStep(planned({}), ctx(world([NXDOMAIN, NXDOMAIN, RESOLVED])), hooks());
    expect(r.status).toBe("passed");
    expect(r.attempts).toBe(3);
    expect(r.message).toContain("172.18.0.2");
  });

  it("fails a pass probe when its timeout runs out, saying the limit and the evidence", async () => {
    const r = await runStep(planned({}), ctx(world([NXDOMAIN])), hooks());
    expect(r.status).toBe("failed");
    expect(r.message).toMatch(/NXDOMAIN from nameserver 10\.0\.0\.2.*still failing after 2s/);
    expect(r.evidence.nameserver).toBe("10.0.0.2");
  });

  it("tries an expect-fail probe once and passes when it fails", async () => {
    const r = await runStep(planned({ expect: "fail" }), ctx(world([NXDOMAIN, RESOLVED])), hooks());
    expect(r).toMatchObject({ status: "passed", attempts: 1 });
  });

  it("fails an expect-fail probe that succeeds, without a second look when the kind's success cannot be momentary", async () => {
    const r = await runStep(planned({ expect: "fail" }), ctx(world([RESOLVED, NXDOMAIN])), hooks());
    expect(r.status).toBe("failed");
    expect(r.attempts).toBe(1);
    expect(r.message).toMatch(/^expected a failure, but db resolves/);
  });

  describe("a momentary success in an expect-fail reachability probe", () => {
    const ping = (outputs: Parameters<typeof world>[0]) =>
      runStep(planned({ kind: "ping", args: { from: "lefty", host: "righty" }, expect: "fail" }), ctx(world(outputs)), hooks());
    const REPLY = exited(0, "64 bytes from 172.18.0.2: seq=0 ttl=63");

    it("does not count when a second look gets no reply, and keeps the earlier look as evidence", async () => {
      const r = await ping([REPLY, exited(1, "1 packets transmitted, 0 packets received")]);
      expect(r).toMatchObject({ status: "passed", attempts: 2 });
      expect(r.message).toBe("failed as expected: lefty cannot ping righty: no echo reply");
      expect(r.evidence["an earlier look"]).toBe("lefty got an echo reply from righty; look 2 of 3 did not, so it was momentary");
    });

    it("does not count when only the third look gets no reply", async () => {
      const r = await ping([REPLY, REPLY, exited(1)]);
      expect(r).toMatchObject({ status: "passed", attempts: 3 });
      expect(r.evidence["an earlier look"]).toMatch(/look 3 of 3 did not/);
    });

    it("counts when every look gets a reply, the looks 100 ms apart", async () => {
      const clock = fakeClock();
      const r = await runStep(planned({ kind: "ping", args: { from: "lefty", host: "righty" }, expect: "fail" }), ctx(world([REPLY, REPLY, REPLY, exited(1)])), { clock, onRetry: () => undefined });
      expect(r).toMatchObject({ status: "failed", attempts: 3 });
      expect(r.message).toBe("expected a failure, but lefty got an echo reply from righty");
      expect(clock.now()).toBe(200);
    });

    it("stands when the second look cannot be taken", async () => {
      const r = await ping([REPLY, new ProbeError("could not start a probe container"), exited(1)]);
      expect(r).toMatchObject({ status: "failed", attempts: 2 });
      expect(r.message).toBe("expected a failure, but lefty got an echo reply from righty");
    });
  });

  it("checks error: as a substring or a /regex/", async () => {
    const sub = await runStep(planned({ expect: "fail", error: "nxdomain" }), ctx(world([NXDOMAIN])), hooks());
    expect(sub.status).toBe("passed");
    const wrong = await runStep(planned({ expect: "fail", error: "/refused$/" }), ctx(world([NXDOMAIN])), hooks());
    expect(wrong.status).toBe("failed");
    expect(wrong.message).toContain('not with "/refused$/"');
  });

  it("never counts a probe that could not run as an expected failure", async () => {
    const r = await runStep(planned({ expect: "fail" }), ctx(world([new ProbeError("could not start a probe container: no such image")])), hooks());
    expect(r.status).toBe("failed");
    expect(r.message).toMatch(/^the probe could not run/);
  });

  it("passes an expect-fail action when the engine refuses it, matching the engine's words", async () => {
    const refusing = { ...ctx(world([])), runtime: { lifecycle: async () => Promise.reject(new Error("Bind for 0.0.0.0:8080 failed: port is already allocated")) } as never };
    const r = await runStep(planned({ kind: "start", args: "web2", expect: "fail", error: "port is already allocated" }), refusing, hooks());
    expect(r.status).toBe("passed");
    expect(r.attempts).toBe(1);
  });
});
