import { defineStep } from "../steps/step-kind.js";
import { refuseFromHost, tcpFromHost } from "./host-connect.js";
import { resolveTarget, targetName, type Target } from "./target.js";

interface Args {
  from: string;
  host: Target;
  port: number;
}

const CONNECT_TIMEOUT_S = 2;

/** `tcp`: a TCP connection from `from` (a container, or `host`) to host:port opens. */
export const tcp = defineStep<Args>({
  kind: "tcp",
  type: "probe",
  confirmSuccess: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "cannot connect" : "connects"} to ${targetName(a.host)}:${a.port}`,
  namespace: (a) => (a.from === "host" ? undefined : a.from),
  async run({ world, reach }, a) {
    const { host, shown } = await resolveTarget(world, a.from, a.host);
    if (!host) return { ok: false, message: `${shown} is unknown: the container has no IP address (is it running?)` };
    if (a.from === "host") {
      const refused = refuseFromHost(host, a.port, reach, shown);
      if (refused) return { ok: false, refused: true, message: refused };
      const error = await tcpFromHost(host, a.port, CONNECT_TIMEOUT_S * 1000);
      return error ? { ok: false, message: `the host cannot connect to ${shown}:${a.port}: ${error}` } : { ok: true, message: `the host connected to ${shown}:${a.port}` };
    }
    // busybox nc: -w bounds the connect; no -z here, so stdin is closed instead.
    const out = await world.inNamespace(a.from, ["sh", "-c", `nc -w ${CONNECT_TIMEOUT_S} "$1" "$2" </dev/null`, "lab-tcp", host, String(a.port)]);
    const detail = (out.stderr || out.stdout).trim();
    if (out.exitCode === 0) return { ok: true, message: `${a.from} connected to ${shown}:${a.port}` };
    return { ok: false, message: `${a.from} cannot connect to ${shown}:${a.port}: ${detail || `nc exited with ${out.exitCode}`}`, evidence: { "nc exit code": String(out.exitCode), ...(detail ? { output: detail } : {}) } };
  },
});
