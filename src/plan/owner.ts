import { readFileSync } from "node:fs";
import { hostname } from "node:os";

/** Who made a run: the machine, the process, and when that process started (a PID is reused, its start time is not). */
export interface Owner {
  host: string;
  pid: number;
  /** The process's start time as the kernel counts it (clock ticks since boot, /proc/PID/stat), or "" where there is no /proc. */
  start: string;
}

/** The start time of process `pid`, or undefined when no such process runs. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

let self: Owner | undefined;
export const currentOwner = (): Owner => (self ??= { host: hostname(), pid: process.pid, start: processStart(process.pid) ?? "" });

/**
 * Whether the process that made a run has gone: true when it ran on this host and that PID
 * no longer runs, or runs but started at another time (the PID was reused). False when it
 * still runs; undefined when it cannot be told (another host, or no owner recorded).
 */
export function ownerGone(owner: Partial<Record<keyof Owner, string>>): boolean | undefined {
  if (owner.host === undefined || owner.pid === undefined || !/^\d+$/.test(owner.pid)) return undefined;
  if (owner.host !== currentOwner().host) return undefined;
  const pid = Number(owner.pid);
  if (pid === process.pid) return owner.start !== currentOwner().start;
  const start = processStart(pid);
  if (start === undefined) {
    try {
      process.kill(pid, 0);
      // Alive, though /proc cannot say since when (no /proc): counted as the same process.
      return false;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === "ESRCH";
    }
  }
  return owner.start !== undefined && owner.start !== "" && start !== owner.start;
}
