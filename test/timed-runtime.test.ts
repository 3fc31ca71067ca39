// --timings' engine time: the union of the intervals when a call (or a wait for an engine
// event) was in flight; the runner's own time is the rest.
import { describe, expect, it } from "vitest";
import { timedRuntime } from "../src/runtime/timed-runtime.js";
import { engineRef, type Runtime } from "../src/runtime/runtime.js";

/** A runtime whose calls end when the test says so, on a clock the test moves. */
function setup() {
  let now = 0;
  const pending = new Map<string, () => void>();
  const hold = (name: string): Promise<void> => new Promise<void>((resolve) => pending.set(name, resolve));
  const inner = {
    hasImage: (ref: string) => hold(ref).then(() => true),
    waitForEvent: (c: string) => hold(`event ${c}`).then(() => "health_status: healthy"),
  } as unknown as Runtime;
  const { runtime, time } = timedRuntime(inner, () => now);
  const finish = async (name: string, at: number): Promise<void> => {
    now = at;
    pending.get(name)!();
    await new Promise((r) => setImmediate(r));
  };
  return { runtime, time, finish, at: (t: number) => (now = t) };
}

describe("timedRuntime", () => {
  it("counts overlapping calls once and leaves the gaps to the runner", async () => {
    const { runtime, time, finish, at } = setup();
    void runtime.hasImage("a"); // 0 .. 100
    at(50);
    void runtime.hasImage("b"); // 50 .. 150
    await finish("a", 100);
    await finish("b", 150);
    at(400); // 150 .. 400: the runner's own time
    void runtime.hasImage("c"); // 400 .. 450
    await finish("c", 450);
    expect(time.calls).toBe(3);
    expect(time.busyMs()).toBe(200);
  });

  it("counts a wait for an engine event as waiting on the engine", async () => {
    const { runtime, time, finish } = setup();
    void runtime.waitForEvent(engineRef("web"), ["health_status: healthy"], new AbortController().signal);
    await finish("event web", 2000);
    expect(time.busyMs()).toBe(2000);
  });
});
