import { watch, type FSWatcher } from "node:fs";
import { basename, dirname, resolve } from "node:path";

/**
 * The saves of one file, for `lab run --watch`. The file's directory is watched, not the
 * file: editors that save by writing a new file and renaming it over the old one (vim, many
 * IDEs) replace the inode a file watch would follow. The several events of one save are one
 * change: `next` settles once `quietMs` have passed without another. A save made while the
 * caller was busy (a run) is kept, and the next `next` settles for it.
 */
export class FileChanges {
  private readonly watcher: FSWatcher;
  private pending = false;
  private lastEventAt = 0;
  private wake: (() => void) | undefined;

  constructor(
    file: string,
    private readonly quietMs = 300,
  ) {
    const name = basename(file);
    this.watcher = watch(dirname(resolve(file)), { persistent: true }, (_event, changed) => {
      // Some platforms do not say which file changed: any event in the directory may be it.
      if (changed !== null && changed !== name) return;
      this.pending = true;
      this.lastEventAt = Date.now();
      this.wake?.();
    });
    this.watcher.on("error", () => undefined);
  }

  /** Settles after the next save (or one that came since the last call), once the editor is done writing; or when `signal` aborts. */
  async next(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (this.pending) {
        const quietFor = Date.now() - this.lastEventAt;
        if (quietFor >= this.quietMs) {
          this.pending = false;
          return;
        }
        await this.sleep(this.quietMs - quietFor, signal);
      } else await this.sleep(undefined, signal);
    }
  }

  close(): void {
    this.wake?.();
    this.watcher.close();
  }

  /** Until an event, `ms` (when given), or the abort. */
  private sleep(ms: number | undefined, signal: AbortSignal): Promise<void> {
    return new Promise((done) => {
      const timer = ms === undefined ? undefined : setTimeout(finish, ms);
      function finish(): void {
        if (timer) clearTimeout(timer);
        signal.removeEventListener("abort", finish);
        done();
      }
      this.wake = () => {
        this.wake = undefined;
        finish();
      };
      signal.addEventListener("abort", finish, { once: true });
    });
  }
}
