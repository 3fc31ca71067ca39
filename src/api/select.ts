import { createHash } from "node:crypto";
import { InputError } from "../errors.js";
import type { Scenario } from "../scenario/types.js";

export interface Selection {
  tags?: string[];
  grep?: string;
  /** `i/n`, 1-based. */
  shard?: string;
}

/** `--tag`, `--grep` and `--shard`. The shard split hashes names, so it is stable as files come and go. */
export function select(scenarios: Scenario[], s: Selection): Scenario[] {
  let out = scenarios;
  if (s.tags?.length) out = out.filter((sc) => sc.tags.some((t) => s.tags!.includes(t)));
  if (s.grep) {
    let re: RegExp;
    try {
      re = new RegExp(s.grep);
    } catch (e) {
      throw new InputError("E_USAGE", `--grep ${JSON.stringify(s.grep)} is not a valid regular expression: ${(e as Error).message}`);
    }
    out = out.filter((sc) => re.test(sc.name) || sc.steps.some((st) => re.test(st.name)));
  }
  if (s.shard) {
    const m = /^(\d+)\/(\d+)$/.exec(s.shard);
    const [i, n] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
    if (!m || n < 1 || i < 1 || i > n) throw new InputError("E_USAGE", `--shard ${JSON.stringify(s.shard)} is not valid: write i/n with 1 <= i <= n, e.g. --shard 2/3`);
    out = out.filter((sc) => shardOf(sc.name, n) === i - 1);
  }
  return out;
}

const shardOf = (name: string, n: number): number => createHash("sha1").update(name).digest().readUInt32BE(0) % n;
