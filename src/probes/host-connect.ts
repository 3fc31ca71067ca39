import { connect } from "node:net";

/** Hosts a `from: host` probe may reach without `--allow-external`: this machine's loopback. */
export const isLoopback = (host: string): boolean => host === "localhost" || /^127\./.test(host) || host === "::1" || host === "[::1]";

/** Opens a TCP connection from the machine that runs lab; resolves with the error text, or undefined on success. */
export function tcpFromHost(host: string, port: number, timeoutMs: number): Promise<string | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: host.replace(/^\[|\]$/g, ""), port });
    const done = (error?: string): void => {
      socket.destroy();
      resolve(error);
    };
    socket.setTimeout(timeoutMs, () => done(`no answer within ${timeoutMs} ms`));
    socket.once("connect", () => done());
    socket.once("error", (e: NodeJS.ErrnoException) => done(e.code ?? e.message));
  });
}
