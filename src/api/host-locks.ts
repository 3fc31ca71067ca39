import type { Scenario } from "../scenario/types.js";

/**
 * What a scenario claims on the host: its published host ports, or the whole host
 * network stack with `network_mode: host`. Two scenarios whose claims overlap never run
 * at the same time; everything else runs side by side.
 */
export function hostClaims(s: Scenario): string[] {
  const claims = s.containers.flatMap((c) => c.ports.filter((p) => p.host !== undefined).map((p) => `${p.protocol}:${p.host}`));
  if (s.containers.some((c) => c.networkMode.kind === "host")) claims.push("host-network");
  return [...new Set(claims)];
}

export const conflicts = (a: string[], b: string[]): boolean =>
  a.some((x) => b.includes(x) || (x === "host-network" && b.length > 0)) || (b.includes("host-network") && a.length > 0);

/** Runs `jobs` at most `parallel` at a time, never two with conflicting claims together, in order where possible. */
export async function schedule<T>(jobs: { claims: string[]; run: () => Promise<T> }[], parallel: number, stopped: () => boolean): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(jobs.length).fill(undefined);
  const waiting = jobs.map((_, i) => i);
  const running = new Map<number, Promise<void>>();
  while (waiting.length > 0 || running.size > 0) {
    if (!stopped()) {
      for (let k = 0; k < waiting.length && running.size < parallel; ) {
        const i = waiting[k]!;
        const busy = [...running.keys()].some((r) => conflicts(jobs[r]!.claims, jobs[i]!.claims));
        if (busy) {
          k++;
          continue;
        }
        waiting.splice(k, 1);
        running.set(
          i,
          jobs[i]!.run().then((r) => {
            results[i] = r;
            running.delete(i);
          }),
        );
      }
    } else waiting.length = 0;
    if (running.size > 0) await Promise.race(running.values());
  }
  return results;
}
