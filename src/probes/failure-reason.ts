/**
 * Why a network probe failed, classified from the tools' own words (busybox nc, ping, wget,
 * nslookup inside the container; Node's socket errors from the host). The table of evidence
 * behind each rule is in docs/scenario-format.md ("Failure reasons").
 *
 * - `nxdomain`: the name is unknown (nothing to connect to).
 * - `refused`: something answered and refused: the host is there, the port is closed.
 * - `timeout`: no answer at all: the packets were dropped (isolated networks on one engine).
 * - `unreachable`: the kernel has no route (network mode `none`, an internal network on
 *   engines that give it no default route, an address nobody on the link holds).
 * - `no-probe`: the probe could not run (its container is not running, the target has no
 *   address, lab's own rules refused it): nothing was observed.
 * - `mismatch`: the connection worked but the answer was not the one asked for (an HTTP
 *   status, a body, a resolved address): the network is fine, the content is not.
 */
export const FAILURE_REASONS = ["nxdomain", "refused", "timeout", "unreachable", "no-probe", "mismatch"] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

/** The reasons that `reason:` of an `expect: fail` step may require: the ones observed on the network. */
export const REQUIRABLE_REASONS = ["nxdomain", "refused", "timeout", "unreachable", "mismatch"] as const satisfies readonly FailureReason[];
export type RequirableReason = (typeof REQUIRABLE_REASONS)[number];

export const isRequirableReason = (r: unknown): r is RequirableReason => (REQUIRABLE_REASONS as readonly unknown[]).includes(r);

/**
 * The reason in a tool's words, or undefined when they say none of these. Order matters:
 * a name that does not resolve never got to connect, so `bad address` wins.
 */
export function reasonInText(text: string): FailureReason | undefined {
  if (/bad address|unknown host|NXDOMAIN|can't find|ENOTFOUND|EAI_NONAME|EAI_AGAIN/i.test(text)) return "nxdomain";
  if (/Connection refused|ECONNREFUSED/i.test(text)) return "refused";
  if (/Network is unreachable|No route to host|Host is unreachable|ENETUNREACH|EHOSTUNREACH/i.test(text)) return "unreachable";
  if (/timed out|no servers could be reached|ETIMEDOUT|no answer within|100% packet loss/i.test(text)) return "timeout";
  return undefined;
}

/** `timeout N tool` ends the tool with SIGTERM: the shell reports 128 + 15. */
export const KILLED_BY_TIMEOUT = 143;

/**
 * A busybox tool's failure: its words first; a tool that `timeout` ended said nothing, and
 * waited without an answer. Anything else unexplained is a timeout only if the tool said so.
 */
export function toolReason(exitCode: number, output: string): FailureReason | undefined {
  return reasonInText(output) ?? (exitCode === KILLED_BY_TIMEOUT ? "timeout" : undefined);
}
