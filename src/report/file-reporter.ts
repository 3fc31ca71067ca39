import { once } from "node:events";
import { constants } from "node:fs";
import { mkdir, open, stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { InputError } from "../errors.js";
import type { Reporter, RunEvent } from "./events.js";
import { RunRecorder, type RunRecord } from "./run-record.js";

/** Where a file reporter's document goes: a file (`--output`), or stdout when nothing else writes there. */
export type Destination = { path: string } | { stream: NodeJS.WritableStream };

/**
 * A reporter that writes one document at the end of the run (junit, json). It records the
 * events and renders the record in `close`, so a run that is interrupted still gets its file.
 */
export class FileReporter implements Reporter {
  private readonly recorder: RunRecorder;

  constructor(
    private readonly render: (record: RunRecord) => string,
    private readonly to: Destination,
    now?: () => Date,
  ) {
    this.recorder = new RunRecorder(now);
  }

  onEvent(e: RunEvent): void {
    this.recorder.onEvent(e);
  }

  async close(): Promise<void> {
    const text = this.render(this.recorder.record());
    if ("path" in this.to) return writeFile(this.to.path, text);
    if (!this.to.stream.write(text)) await once(this.to.stream, "drain");
  }
}

/** Makes the directory of an `--output` file and checks the file can be written, before the run: a bad path fails at once (exit 2), not after. */
export async function prepareOutput(path: string): Promise<string> {
  const full = resolve(path);
  try {
    await mkdir(dirname(full), { recursive: true });
  } catch (error) {
    throw new InputError("E_OUTPUT", `--output ${path}: cannot create its directory: ${(error as Error).message}`);
  }
  const info = await stat(full).catch(() => undefined);
  if (info?.isDirectory()) throw new InputError("E_OUTPUT", `--output ${path} is a directory; give a file name, e.g. ${path.replace(/\/$/, "")}/junit.xml`);
  // Opened now, for appending so nothing is lost yet: a path that cannot be written fails before
  // anything is provisioned, not after the run with its report lost. A FIFO is not waited on.
  if (info !== undefined && !info.isFile() && !info.isCharacterDevice())
    throw new InputError("E_OUTPUT", `--output ${path} is not a regular file; give a file name`);
  try {
    await (await open(full, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_NONBLOCK)).close();
  } catch (error) {
    throw new InputError("E_OUTPUT", `--output ${path} cannot be written: ${(error as Error).message}`);
  }
  return full;
}
