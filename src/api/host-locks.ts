import type { Scenario } from "../scenario/types.js";
import { isCidr, overlaps, parseCidr } from "../scenario/world-addresses.js";

/** A claim on the whole host network stack: it conflicts with every other claim. */
export const HOST_NETWORK = "host-network";

const SUBNET = "subnet:";

/**
 * What a scenario claims on the host: its published host ports (`tcp:8080`, whatever the
 * host IP), the whole host network stack with `network_mode: host`, and the subnets it
 * fixes (`subnet:10.1.0.0/24`: the engine refuses a network whose pool overlaps another's).
 * Two scenarios whose claims overlap never run at the same time; everything else runs side
 * by side, isolated by the per-run names. A port without a host side claims nothing: the
 * engine picks a free one; so does a network without a subnet.
 */
export function hostClaims(s: Scenario): string[] {
  const claims = s.containers.flatMap((c) => c.ports.filter((p) => p.host !== undefined).map((p) => `${p.protocol}:${p.host}`));
  if (s.containers.some((c) => c.networkMode.kind === "host")) claims.push(HOST_NETWORK);
  for (const n of s.networks) for (const pool of n.ipam) claims.push(`${SUBNET}${pool.subnet}`);
  return [...new Set(claims)];
}

const isSubnet = (claim: string): boolean => claim.startsWith(SUBNET);

function subnetsOverlap(x: string, y: string): boolean {
  const a = parseCidr(x.slice(SUBNET.length));
  const b = parseCidr(y.slice(SUBNET.length));
  return isCidr(a) && isCidr(b) && a.family === b.family && overlaps(a, b);
}

/** Whether two sets of claims may not be held at once. The host's network stack is shared by every host port, not by subnets. */
export const conflicts = (a: string[], b: string[]): boolean =>
  a.some((x) => b.includes(x)) ||
  (a.includes(HOST_NETWORK) && b.some((x) => !isSubnet(x))) ||
  (b.includes(HOST_NETWORK) && a.some((x) => !isSubnet(x))) ||
  a.some((x) => isSubnet(x) && b.some((y) => isSubnet(y) && subnetsOverlap(x, y)));

export interface Job<T> {
  claims: string[];
  run(): Promise<T>;
}

/**
 * Runs `jobs` at most `parallel` at a time, never two with conflicting claims together.
 * Jobs start in their order, except that one waiting for a lock lets later, free ones pass,
 * so nothing waits that does not need to. Once `stopped()` is true no job starts; running
 * ones finish. Results are in the jobs' order, `undefined` for jobs that never started. A
 * job that throws does not stop the others: the first error is rethrown once all have ended.
 */
export async function schedule<T>(jobs: Job<T>[], parallel: number, stopped: () => boolean): Promise<(T | undefined)[]> {
  const results: (T | undefined)[] = new Array(jobs.length).fill(undefined);
  const waiting = jobs.map((_, i) => i);
  const running = new Map<number, Promise<void>>();
  let failure: { error: unknown } | undefined;
  const limit = Math.max(1, parallel);
  while (waiting.length > 0 || running.size > 0) {
    if (stopped() || failure) waiting.length = 0;
    for (let k = 0; k < waiting.length && running.size < limit;) {
      const i = waiting[k]!;
      if ([...running.keys()].some((r) => conflicts(jobs[r]!.claims, jobs[i]!.claims))) {
        k++;
        continue;
      }
      waiting.splice(k, 1);
      running.set(
        i,
        Promise.resolve()
          .then(() => jobs[i]!.run())
          .then(
            (r) => void (results[i] = r),
            (error: unknown) => void (failure ??= { error }),
          )
          .finally(() => running.delete(i)),
      );
    }
    if (running.size > 0) await Promise.race(running.values());
  }
  if (failure) throw failure.error;
  return results;
}
