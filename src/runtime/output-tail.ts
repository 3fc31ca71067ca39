import type { OutputFacts } from "./runtime.js";

/**
 * How much of one stream of a container's output lab keeps in memory: the last 1 MiB. A
 * 100 MB exec or a 200 MB log is read as it arrives and only this tail stays; `matches` and
 * `equals` see the tail, `contains` is looked for in the whole stream as it passes.
 */
export const KEPT_BYTES = 1024 * 1024;

/**
 * The one bounded collector of container output (exec, logs, docker top): chunks go in as
 * they arrive, only the last `keep` bytes stay, and each needle is searched across chunk
 * boundaries so that a `contains` holds on the whole stream and not only on its tail.
 */
export class OutputTail {
  private chunks: Buffer[] = [];
  private held = 0;
  private total = 0;
  private readonly needles: { text: string; bytes: Buffer; carry: Buffer; found: boolean }[];

  constructor(
    private readonly keep: number = KEPT_BYTES,
    find: readonly string[] = [],
  ) {
    this.needles = [...new Set(find)].map((text) => ({ text, bytes: Buffer.from(text, "utf8"), carry: Buffer.alloc(0), found: text === "" }));
  }

  push(chunk: Buffer | string): void {
    const data = typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk;
    if (!data.length) return;
    this.total += data.length;
    for (const n of this.needles) {
      if (n.found) continue;
      // The needle may straddle two chunks: the end of what came before is searched with the start of this one.
      const overlap = n.bytes.length - 1;
      const seam = n.carry.length ? Buffer.concat([n.carry, data.subarray(0, overlap)]) : undefined;
      if (data.includes(n.bytes) || seam?.includes(n.bytes)) {
        n.found = true;
        n.carry = Buffer.alloc(0);
      } else if (data.length >= overlap) n.carry = Buffer.from(data.subarray(data.length - overlap));
      else n.carry = Buffer.from((seam ?? data).subarray(Math.max(0, (seam ?? data).length - overlap)));
    }
    // A chunk larger than the tail is cut at once: never more than `keep` plus one chunk's worth is held.
    const piece = data.length > this.keep ? data.subarray(data.length - this.keep) : data;
    this.chunks.push(piece);
    this.held += piece.length;
    while (this.held > this.keep) {
      const first = this.chunks[0]!;
      const over = this.held - this.keep;
      if (first.length <= over) {
        this.chunks.shift();
        this.held -= first.length;
      } else {
        this.chunks[0] = first.subarray(over);
        this.held -= over;
      }
    }
  }

  /** The kept tail as text; a character cut in half at its start is dropped. */
  text(): string {
    let kept = Buffer.concat(this.chunks);
    this.chunks = kept.length ? [kept] : [];
    if (this.total > this.held) {
      let start = 0;
      // UTF-8 continuation bytes (10xxxxxx) cannot start a character.
      while (start < kept.length && start < 3 && (kept[start]! & 0xc0) === 0x80) start++;
      kept = kept.subarray(start);
    }
    return kept.toString("utf8");
  }

  facts(): OutputFacts {
    return { bytes: this.total, cut: this.total - this.held, found: this.needles.filter((n) => n.found).map((n) => n.text) };
  }
}

/** `104,857,600 bytes cut, last 1 MiB kept`: the note a cut output carries in its evidence. */
export function cutNote(facts: Pick<OutputFacts, "bytes" | "cut">): string | undefined {
  if (!facts.cut) return undefined;
  return `${facts.cut.toLocaleString("en-US")} of ${facts.bytes.toLocaleString("en-US")} bytes cut, last ${size(facts.bytes - facts.cut)} kept`;
}

const size = (bytes: number): string =>
  bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0
    ? `${bytes / (1024 * 1024)} MiB`
    : bytes >= 1024 && bytes % 1024 === 0
      ? `${bytes / 1024} KiB`
      : `${bytes.toLocaleString("en-US")} bytes`;
