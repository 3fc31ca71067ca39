import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../src/errors.js";
import { loadScenarios } from "../src/scenario/load-scenario.js";

const said = async (path: string): Promise<string[]> => (await loadScenarios([path])).diagnostics.map(formatDiagnostic);

describe("files that are not scenario text get one sentence each, and never hang", () => {
  it("a device (/dev/zero never ends)", async () => {
    expect(await said("/dev/zero")).toEqual(["/dev/zero:1:1: /dev/zero is not a regular file (a device); lab reads scenarios from .yaml files only"]);
  });

  it("a FIFO (reading it would wait for a writer)", async () => {
    const fifo = join(await mkdtemp(join(tmpdir(), "lab-files-")), "s.yaml");
    execFileSync("mkfifo", [fifo]);
    expect(await said(fifo)).toEqual([`${fifo}:1:1: ${fifo} is not a regular file (a FIFO); lab reads scenarios from .yaml files only`]);
  });

  it("UTF-16, with or without its byte order mark, is named rather than echoed", async () => {
    const dir = await mkdtemp(join(tmpdir(), "lab-files-"));
    const bom = join(dir, "bom.yaml");
    const bare = join(dir, "bare.yaml");
    await writeFile(bom, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("name: x\n", "utf16le")]));
    await writeFile(bare, Buffer.from("name: x\n", "utf16le"));
    for (const f of [bom, bare]) expect(await said(f)).toEqual([`${f}:1:1: the file is UTF-16 (or UTF-32), not UTF-8; save it as UTF-8`]);
  });

  it("invalid UTF-8 is refused where it is, not read as U+FFFD", async () => {
    const f = join(await mkdtemp(join(tmpdir(), "lab-files-")), "latin1.yaml");
    await writeFile(
      f,
      Buffer.concat([
        Buffer.from('name: x\ncontainers:\n  a:\n    image: busybox\n    files:\n      /etc/motd: "caf'),
        Buffer.from([0xe9]),
        Buffer.from('"\n'),
      ]),
    );
    expect(await said(f)).toEqual([
      `${f}:6:22: the file is not valid UTF-8: the bytes here are not text (a file saved in another encoding, or binary); save it as UTF-8`,
    ]);
  });

  it("a UTF-8 byte order mark is read past", async () => {
    const f = join(await mkdtemp(join(tmpdir(), "lab-files-")), "bom8.yaml");
    await writeFile(f, "\uFEFFname: bom-ok\n");
    const loaded = await loadScenarios([f]);
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.scenarios.map((s) => s.name)).toEqual(["bom-ok"]);
  });

  it("a file over the byte limit is refused before it is read", async () => {
    const f = join(await mkdtemp(join(tmpdir(), "lab-files-")), "big.yaml");
    execFileSync("truncate", ["-s", "50M", f]);
    expect(await said(f)).toEqual([`${f}:1:1: the file is 50.0 MiB; a scenario file may be at most 4.0 MiB (limit on bytes)`]);
  });
});
