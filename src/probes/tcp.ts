import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { PortNumber } from "../scenario/schema-defs.js";
import { From, Target } from "../steps/step-args.js";
import { attemptMs, defineStep, EXEC_MARGIN_MS, NAMESPACE_EXEC_MS } from "../steps/step-kind.js";
import { refuseFromHost, tcpFromHost } from "./host-connect.js";
import { reasonInText, toolReason } from "./failure-reason.js";
import { ncFailure } from "./tool-failures.js";
import { checkTarget, resolveTarget, targetName } from "./target.js";

const CONNECT_TIMEOUT_S = 2;

/** `tcp`: a TCP connection from `from` (a container, or `host`) to host:port opens. */
export const tcp = defineStep({
  kind: "tcp",
  args: Type.Object(
    {
      from: ref(From, {
        description: "Required. Where the connection starts: a container, or `host` (then `host:` is usually `localhost` and `port` a published port).",
      }),
      host: ref(Target, { description: "Required. The name or IP address to connect to, e.g. `db`, `172.28.0.10`, or `{ ip_of: db }` for db's IP address." }),
      port: ref(PortNumber, { description: "Required. The TCP port, e.g. `5432`." }),
    },
    { description: "Probe: a TCP connection from `from` to `host:port` opens. E.g. `{ from: web, host: db, port: 5432 }`.", additionalProperties: false },
  ),
  check(a, c) {
    c.from(["from"], a.from);
    checkTarget(["host"], a.host, c);
  },
  type: "probe",
  network: true,
  readOnly: true,
  fromHost: true,
  confirmSuccess: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "cannot connect" : "connects"} to ${targetName(a.host)}:${a.port}`,
  namespace: (a) => (a.from === "host" ? undefined : a.from),
  async run(ctx, a) {
    const { world, reach } = ctx;
    const { host, shown } = await resolveTarget(world, a.from, a.host);
    if (!host) return { ok: false, reason: "no-probe", message: `${shown} is unknown: the container has no IP address (is it running?)` };
    if (a.from === "host") {
      const refused = refuseFromHost(host, a.port, reach, shown);
      if (refused) return { ok: false, refused: true, message: refused };
      const error = await tcpFromHost(host, a.port, CONNECT_TIMEOUT_S * 1000);
      return error
        ? { ok: false, reason: reasonInText(error), message: `the host cannot connect to ${shown}:${a.port}: ${error}` }
        : { ok: true, message: `the host connected to ${shown}:${a.port}` };
    }
    // busybox nc has no -z: -w bounds the connect, and `-e true` (which busybox takes only
    // last) runs `true` on the connected socket, so nc ends as soon as the connection opens.
    // Closing stdin instead waits for the server to close, which a paused container or a
    // server that never writes does not do: the probe then ran into the exec limit.
    const out = await world.inNamespace(
      a.from,
      ["sh", "-c", `nc -w ${CONNECT_TIMEOUT_S} "$1" "$2" -e true </dev/null`, "lab-tcp", host, String(a.port)],
      attemptMs(ctx, NAMESPACE_EXEC_MS, CONNECT_TIMEOUT_S * 1000 + EXEC_MARGIN_MS),
    );
    if (out.exitCode === 0) return { ok: true, message: `${a.from} connected to ${shown}:${a.port}` };
    const detail = ncFailure(out);
    return {
      ok: false,
      reason: toolReason(out.exitCode, detail),
      message: `${a.from} cannot connect to ${shown}:${a.port}: ${detail || `nc exited with ${out.exitCode}`}`,
      evidence: { "nc exit code": String(out.exitCode), ...(detail ? { output: detail } : {}) },
    };
  },
});
