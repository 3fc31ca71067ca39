import type { Runtime } from "./runtime.js";

/** Time spent waiting on the engine: the union of the intervals when a call was in flight. */
export interface EngineTime {
  calls: number;
  busyMs(): number;
}

/**
 * Wraps a runtime to measure how long the run waited on the engine, so that `--timings`
 * can show the runner's own time as the rest. Overlapping calls count once. Waiting for an
 * engine event (a container becoming healthy) is waiting on the engine too: left out, a
 * readiness wait of seconds showed as seconds of the runner's own time.
 */
export function timedRuntime(inner: Runtime, now: () => number = () => performance.now()): { runtime: Runtime; time: EngineTime } {
  let inFlight = 0;
  let since = 0;
  let busy = 0;
  const time: EngineTime = { calls: 0, busyMs: () => busy + (inFlight > 0 ? now() - since : 0) };
  const enter = (): void => {
    time.calls++;
    if (inFlight++ === 0) since = now();
  };
  const leave = (): void => {
    if (--inFlight === 0) busy += now() - since;
  };
  const runtime = new Proxy(inner, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        enter();
        return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args).finally(leave);
      };
    },
  });
  return { runtime, time };
}
