import type { ExecResult } from "../steps/step-kind.js";

/** What busybox `nc` said when it could not connect ("Connection refused", "bad address 'x'"); empty if nothing. */
export const ncFailure = (out: Pick<ExecResult, "stdout" | "stderr">): string => (out.stderr || out.stdout).trim();

/**
 * busybox `wget -q -S`: the last status line on stderr (after redirects), or why there was
 * none, without the header lines.
 */
export function wgetResponse(out: ExecResult): { status?: number; error: string } {
  const statuses = [...out.stderr.matchAll(/HTTP\/[\d.]+ (\d{3})/g)].map((m) => Number(m[1]));
  const status = statuses.at(-1);
  const error = status === undefined ? out.stderr.replace(/^\s*HTTP.*$/gm, "").trim() || `wget exited with ${out.exitCode}` : "";
  return { status, error };
}

/** Why busybox `ping` got no reply, in a learner's words. */
export const pingFailure = (output: string, shown: string): string =>
  /bad address|unknown host/i.test(output) ? `${shown} does not resolve` : /Network unreachable/i.test(output) ? "the network is unreachable" : "no echo reply";
