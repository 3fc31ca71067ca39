import { describe, expect, it } from "vitest";
import type { Reporter, RunEvent } from "../src/report/events.js";
import { guardedReporter } from "../src/report/guarded-reporter.js";

const notice = (message: string): RunEvent => ({ type: "notice", message });

describe("a reporter that cannot write", () => {
  it("is silenced at its first failure, says so once, and never throws into the run", async () => {
    const seen: string[] = [];
    const inner: Reporter = {
      onEvent(e) {
        if (e.type === "notice" && e.message === "boom") throw Object.assign(new Error("write EPIPE"), { code: "EPIPE" });
        if (e.type === "notice") seen.push(e.message);
      },
      close: async () => {
        throw new Error("must not be called once broken");
      },
    };
    const warnings: string[] = [];
    const r = guardedReporter(inner, (w) => warnings.push(w));
    r.onEvent(notice("one"));
    expect(() => r.onEvent(notice("boom"))).not.toThrow();
    r.onEvent(notice("two"));
    await expect(r.close!()).resolves.toBeUndefined();
    expect(seen).toEqual(["one"]);
    expect(r.failed()).toBe(true);
    expect(warnings).toEqual(["lab: a reporter cannot write (write EPIPE); it stops; the run and its teardown go on\n"]);
  });

  it("a failing close (a file that cannot be written) is reported, not thrown", async () => {
    const warnings: string[] = [];
    const r = guardedReporter({ onEvent: () => undefined, close: () => Promise.reject(new Error("ENOSPC: no space left on device")) }, (w) => warnings.push(w));
    await r.close!();
    expect(r.failed()).toBe(true);
    expect(warnings).toHaveLength(1);
  });
});
