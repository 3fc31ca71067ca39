import type { Clock } from "./clock.js";

export interface RetryOptions<T> {
  clock: Clock;
  timeoutMs: number;
  /** Pause between attempts; grows to `maxIntervalMs`. */
  intervalMs?: number;
  maxIntervalMs?: number;
  signal?: AbortSignal;
  done(result: T): boolean;
  onRetry?(attempt: number, elapsedMs: number, last: T): void;
}

export interface Retried<T> {
  result: T;
  attempts: number;
  elapsedMs: number;
  timedOut: boolean;
}

/**
 * Calls `attempt` until `done` accepts its result or `timeoutMs` runs out, and returns the
 * last result either way: the caller reports it, with the limit that was hit. An abort
 * ends the wait at once and rethrows the abort reason.
 */
export async function retry<T>(attempt: () => Promise<T>, o: RetryOptions<T>): Promise<Retried<T>> {
  const start = o.clock.now();
  let interval = o.intervalMs ?? 100;
  for (let n = 1; ; n++) {
    o.signal?.throwIfAborted();
    const result = await attempt();
    const elapsedMs = o.clock.now() - start;
    if (o.done(result)) return { result, attempts: n, elapsedMs, timedOut: false };
    const left = o.timeoutMs - elapsedMs;
    if (left <= 0) return { result, attempts: n, elapsedMs, timedOut: true };
    o.onRetry?.(n, elapsedMs, result);
    await o.clock.sleep(Math.min(interval, left), o.signal);
    interval = Math.min(interval * 1.5, o.maxIntervalMs ?? 500);
  }
}
