import { mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { FileChanges } from "../src/api/file-changes.js";

const dirs: string[] = [];
const watched: FileChanges[] = [];
afterEach(() => {
  watched.splice(0).forEach((w) => w.close());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

function setUp(): { file: string; dir: string; changes: FileChanges } {
  const dir = mkdtempSync(join(tmpdir(), "lab-file-changes-"));
  dirs.push(dir);
  const file = join(dir, "lab.yaml");
  writeFileSync(file, "name: one\n");
  const changes = new FileChanges(file, 200);
  watched.push(changes);
  return { file, dir, changes };
}

/** Whether `next` settled for a change (true) or only because nothing came before the abort (false). */
async function changed(changes: FileChanges, withinMs: number): Promise<boolean> {
  const signal = AbortSignal.timeout(withinMs);
  await changes.next(signal);
  return !signal.aborted;
}

describe("FileChanges: the saves of one file (lab run --watch)", () => {
  it("a plain write is a change", async () => {
    const { file, changes } = setUp();
    writeFileSync(file, "name: two\n");
    expect(await changed(changes, 30_000)).toBe(true);
  });

  it("a save as vim makes it (write a new file, rename it over the old one) is one change, and the watch goes on after it", async () => {
    const { file, dir, changes } = setUp();
    const save = (text: string): void => {
      writeFileSync(join(dir, "lab.yaml~"), text);
      renameSync(join(dir, "lab.yaml~"), file);
      writeFileSync(file, text);
    };
    save("name: two\n");
    expect(await changed(changes, 30_000)).toBe(true);
    // The save's several events were one change: nothing is left for the next call.
    expect(await changed(changes, 1_500)).toBe(false);
    // The file was replaced, not edited: the watch still sees the next save.
    save("name: three\n");
    expect(await changed(changes, 30_000)).toBe(true);
  });

  it("a save made while nobody waited (a run was going on) is kept for the next call", async () => {
    const { file, changes } = setUp();
    writeFileSync(file, "name: two\n");
    await new Promise((r) => setTimeout(r, 500));
    expect(await changed(changes, 30_000)).toBe(true);
  });

  it("other files of the directory are not changes", async () => {
    const { dir, changes } = setUp();
    writeFileSync(join(dir, "other.yaml"), "name: other\n");
    expect(await changed(changes, 1_500)).toBe(false);
  });

  it("an abort ends the wait", async () => {
    const { changes } = setUp();
    const stop = new AbortController();
    const waiting = changes.next(stop.signal);
    stop.abort();
    await expect(waiting).resolves.toBeUndefined();
  });
});
