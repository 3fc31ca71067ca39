import { connect, isIPv4, isIPv6 } from "node:net";

/** `[::1]` -> `::1`: IPv6 addresses are bracketed in URLs, bare for sockets. */
const unbracket = (host: string): string => host.replace(/^\[|\]$/g, "");

/**
 * This machine's loopback, by literal only: `localhost`, `127.x.y.z` (a dotted quad) and `::1`.
 * A name such as `127.example.com` is not loopback, and no name is ever looked up to decide.
 */
export function isLoopback(host: string): boolean {
  const h = unbracket(host).toLowerCase();
  if (h === "localhost") return true;
  if (isIPv4(h)) return h.startsWith("127.");
  return isIPv6(h) && new URL(`http://[${h}]`).hostname === "[::1]";
}

/** What a `from: host` probe may reach. */
export interface HostReach {
  /** `--allow-external`: any address. */
  allowExternal: boolean;
  /** The engine's address when it runs on another machine (`DOCKER_HOST=tcp://…`): its published ports live there. */
  engineHost?: string;
  /** The host ports that the scenario's containers publish. */
  publishedPorts: readonly number[];
}

/** Loopback only: what a step gets when nobody said otherwise. */
export const LOOPBACK_ONLY: HostReach = { allowExternal: false, publishedPorts: [] };

/**
 * Whether a `from: host` probe may connect to host:port: undefined when it may, else the
 * sentence that refuses it. Decided on the text alone, before any connection or lookup.
 * A local engine publishes its ports on this machine, so loopback reaches every one of
 * them; a remote engine publishes them on its own address, which is allowed for the ports
 * the scenario publishes.
 */
export function refuseFromHost(host: string, port: number, reach: HostReach = LOOPBACK_ONLY, shown = host): string | undefined {
  if (reach.allowExternal || isLoopback(host)) return undefined;
  const engine = reach.engineHost && unbracket(reach.engineHost).toLowerCase();
  if (engine !== undefined && unbracket(host).toLowerCase() === engine && reach.publishedPorts.includes(port)) return undefined;
  const also = engine === undefined ? "" : ` and the ports this scenario publishes on the engine's host ${reach.engineHost}`;
  return `from: host probes reach only this machine's loopback (127.0.0.1, localhost, ::1)${also}, not ${shown}; run with --allow-external to reach other addresses`;
}

/** The engine's host name or address when DOCKER_HOST points at another machine (tcp://, ssh://), else undefined. */
export function engineHostOf(endpoint: string, remote: boolean): string | undefined {
  if (!remote) return undefined;
  try {
    return new URL(endpoint.replace(/^tcp:/, "http:")).hostname || undefined;
  } catch {
    return undefined;
  }
}

/** Opens a TCP connection from the machine that runs lab; resolves with the error text, or undefined on success. */
export function tcpFromHost(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: unbracket(host), port });
    const done = (error?: string): void => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once("connect", () => done());
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}
