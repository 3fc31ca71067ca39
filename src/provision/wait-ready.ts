import type { Clock } from "../clock.js";
import { ScenarioError } from "../errors.js";
import type { PlannedContainer } from "../plan/plan.js";
import { retry } from "../retry.js";
import type { EngineRef, Runtime } from "../runtime/runtime.js";
import { formatDuration } from "../scenario/duration.js";
import type { ProbePool } from "./probe-pool.js";

/**
 * Waits until a started container is ready as its `wait:` says. Health comes from the
 * engine's event stream (subscribed before the start, so no event is missed); a log
 * line and a listening port are polled, since the engine has no event for them.
 */
export function subscribeHealthy(runtime: Runtime, id: EngineRef, c: PlannedContainer, signal: AbortSignal): Promise<string> | undefined {
  if (!c.wait?.healthy) return undefined;
  const limit = AbortSignal.any([signal, AbortSignal.timeout(c.wait.timeoutMs)]);
  const event = runtime.waitForEvent(id, ["health_status: healthy", "die"], limit);
  event.catch(() => undefined);
  return event;
}

export async function waitReady(
  c: PlannedContainer,
  id: EngineRef,
  healthy: Promise<string> | undefined,
  deps: { runtime: Runtime; pool: ProbePool; clock: Clock; signal: AbortSignal },
): Promise<void> {
  const wait = c.wait;
  if (!wait) return;
  const limit = formatDuration(wait.timeoutMs);
  if (healthy) {
    const status = await healthy.catch((error) => {
      if (deps.signal.aborted) throw error;
      throw new ScenarioError("E_NOT_READY", `container "${c.name}" did not become healthy within ${limit} (wait.timeout)`);
    });
    if (status === "die") throw new ScenarioError("E_NOT_READY", `container "${c.name}" exited before it became healthy`);
  }
  if (wait.log !== undefined) {
    const r = await retry(() => deps.runtime.logs(id, { find: [wait.log!] }), {
      clock: deps.clock,
      timeoutMs: wait.timeoutMs,
      signal: deps.signal,
      done: (logs) => (logs.found ? logs.found.includes(wait.log!) : logs.text.includes(wait.log!)),
    });
    if (r.timedOut) throw new ScenarioError("E_NOT_READY", `container "${c.name}" did not log "${wait.log}" within ${limit} (wait.timeout)`);
  }
  if (wait.port !== undefined) {
    const port = String(wait.port);
    // `-e true` ends nc once connected, as in the tcp probe: a server that never closes must not hold the wait.
    const attempt = (): Promise<boolean> =>
      deps.pool.inNamespace(c.name, ["sh", "-c", 'nc -w 1 127.0.0.1 "$1" -e true </dev/null', "lab-wait", port]).then(
        (r) => r.exitCode === 0,
        () => false,
      );
    const r = await retry(attempt, { clock: deps.clock, timeoutMs: wait.timeoutMs, signal: deps.signal, done: (open) => open });
    if (r.timedOut) throw new ScenarioError("E_NOT_READY", `container "${c.name}" did not listen on port ${port} within ${limit} (wait.timeout)`);
  }
}
