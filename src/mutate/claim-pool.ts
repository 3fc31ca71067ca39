import { conflicts } from "../api/host-locks.js";

/**
 * At most `limit` holders at once, never two whose host claims conflict (host-locks.ts):
 * the mutants of several scenarios share it, so that the whole check stays side by side
 * and bounded. Waiters are served in order, except that one whose claims are held lets
 * later, free ones pass.
 */
export class ClaimPool {
  private readonly held = new Map<number, string[]>();
  private readonly waiting: { claims: string[]; grant: (release: () => void) => void }[] = [];
  private next = 0;

  constructor(private readonly limit: number) {}

  /** Resolves with the function that gives the slot back. */
  acquire(claims: string[]): Promise<() => void> {
    return new Promise((grant) => {
      this.waiting.push({ claims, grant });
      this.serve();
    });
  }

  private serve(): void {
    for (let k = 0; k < this.waiting.length && this.held.size < Math.max(1, this.limit);) {
      const w = this.waiting[k]!;
      if ([...this.held.values()].some((h) => conflicts(h, w.claims))) {
        k++;
        continue;
      }
      this.waiting.splice(k, 1);
      const id = this.next++;
      this.held.set(id, w.claims);
      let released = false;
      w.grant(() => {
        if (released) return;
        released = true;
        this.held.delete(id);
        this.serve();
      });
    }
  }
}
