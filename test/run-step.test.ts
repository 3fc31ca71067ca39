import { describe, expect, it } from "vitest";
import { ProbeError } from "../src/errors.js";
import type { PlannedStep } from "../src/plan/plan.js";
import { runStep } from "../src/steps/run-step.js";
import type { StepContext, World } from "../src/steps/step-kind.js";
import { fakeClock } from "./support/fake-runtime.js";
import { engineRef } from "../src/runtime/runtime.js";

const planned = (over: Partial<PlannedStep["step"]>): PlannedStep => ({
  title: "t",
  step: { index: 0, kind: "resolve", args: { from: "web", name: "db" }, name: "", expect: "pass", timeoutMs: 2000, line: 1, knownDifferences: {}, ...over },
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

const RESOLVED =
  "127.0.0.1 localhost\n@@lab@@\nnameserver 127.0.0.11\n@@lab@@\nServer:\t127.0.0.11\nAddress:\t127.0.0.11:53\n\nNon-authoritative answer:\nName:\tdb\nAddress: 172.18.0.2\n";
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
      const r = await runStep(
        planned({ kind: "ping", args: { from: "lefty", host: "righty" }, expect: "fail" }),
        ctx(world([REPLY, REPLY, REPLY, exited(1)])),
        { clock, onRetry: () => undefined },
      );
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
    const refusing = {
      ...ctx(world([])),
      runtime: { lifecycle: async () => Promise.reject(new Error("Bind for 0.0.0.0:8080 failed: port is already allocated")) } as never,
    };
    const r = await runStep(planned({ kind: "start", args: "web2", expect: "fail", error: "port is already allocated" }), refusing, hooks());
    expect(r.status).toBe("passed");
    expect(r.attempts).toBe(1);
  });
});

describe("each attempt is bounded by its step's timeout", () => {
  /** A runtime whose exec never ends on its own: it gives up at the limit it was handed, as the real one does. */
  const endless = (clock: ReturnType<typeof fakeClock>, limits: (number | undefined)[]) =>
    ({
      exec: async (_c: string, argv: string[], o: { timeoutMs?: number } = {}) => {
        limits.push(o.timeoutMs);
        if (o.timeoutMs === undefined) throw new Error("an exec without a limit would hold the step until the scenario's timeout");
        await clock.sleep(o.timeoutMs);
        throw new Error(`exec of ${JSON.stringify(argv.join(" "))} did not end within ${o.timeoutMs} ms`);
      },
    }) as unknown as StepContext["runtime"];

  it("an endless exec action ends at the step's timeout and says which limit it hit", async () => {
    const clock = fakeClock();
    const limits: (number | undefined)[] = [];
    const step = planned({ kind: "exec", args: { container: "web", command: ["sleep", "infinity"], written: "sleep infinity" }, timeoutMs: 3000 });
    const r = await runStep(step, { ...ctx(world([])), runtime: endless(clock, limits) }, { clock, onRetry: () => undefined });
    expect(limits).toEqual([3000]);
    expect(r.status).toBe("failed");
    expect(r.message).toBe(`exec of "sleep infinity" did not end within 3000 ms (stopped at the step's timeout of 3s)`);
    expect(r.durationMs).toBe(3000);
  });

  it("a retried exec probe gives each attempt only what is left of the step", async () => {
    const clock = fakeClock();
    const limits: (number | undefined)[] = [];
    let calls = 0;
    const runtime = {
      exec: async (_c: string, _argv: string[], o: { timeoutMs?: number } = {}) => {
        limits.push(o.timeoutMs);
        await clock.sleep(++calls === 1 ? 1500 : o.timeoutMs!);
        return { exitCode: 1, stdout: "", stderr: "" };
      },
    } as unknown as StepContext["runtime"];
    const step = planned({
      kind: "exec",
      args: { container: "web", command: ["false"], written: "false", exit_code: 0, stdout: { contains: "x" } },
      timeoutMs: 2000,
    });
    const r = await runStep(step, { ...ctx(world([])), runtime }, { clock, onRetry: () => undefined });
    // The first attempt took 1.5 s of the 2 s; after the 100 ms pause, the second had 400 ms.
    expect(limits).toEqual([2000, 400]);
    expect(r.status).toBe("failed");
    expect(r.message).toContain("still failing after 2s, the step's timeout; 2 attempts");
  });

  it("reports the last attempt that saw something when the final one is cut short by the step's deadline", async () => {
    const clock = fakeClock();
    let calls = 0;
    const runtime = {
      exec: async (_c: string, _argv: string[], o: { timeoutMs?: number } = {}) => {
        if (++calls === 1) return { exitCode: 0, stdout: "hi\n", stderr: "" };
        await clock.sleep(o.timeoutMs!);
        throw new Error(`exec of "echo hi" did not end within ${o.timeoutMs} ms`);
      },
    } as unknown as StepContext["runtime"];
    const step = planned({
      kind: "exec",
      args: { container: "web", command: ["echo", "hi"], written: "echo hi", stdout: { contains: "bye" } },
      timeoutMs: 300,
    });
    const r = await runStep(step, { ...ctx(world([])), runtime }, { clock, onRetry: () => undefined });
    expect(calls).toBe(2);
    expect(r.status).toBe("failed");
    expect(r.message).toMatch(/^`echo hi` in web: expected stdout to contain "bye".*still failing after 300ms, the step's timeout; 2 attempts/);
  });

  it("a probe in a namespace is handed what is left, at most the namespace exec limit, at least what its tool needs to answer", async () => {
    const limits: (number | undefined)[] = [];
    const w = { ...world([NXDOMAIN]), inNamespace: async (_c: string, _a: string[], ms?: number) => (limits.push(ms), exited(0, NXDOMAIN)) };
    await runStep(planned({ timeoutMs: 60_000, expect: "fail" }), ctx(w), hooks());
    await runStep(planned({ timeoutMs: 2000, expect: "fail" }), ctx(w), hooks());
    // resolve needs nslookup's own ~5 s plus the exec around it, even when its step has less.
    expect(limits).toEqual([15_000, 7000]);
  });
});
