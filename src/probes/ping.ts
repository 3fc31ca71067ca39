import { defineStep } from "../steps/step-kind.js";
import { resolveTarget, targetName, type Target } from "./target.js";

interface Args {
  from: string;
  host: Target;
}

/** `ping`: one ICMP echo from `from` to `host` returns. */
export const ping = defineStep<Args>({
  kind: "ping",
  type: "probe",
  confirmSuccess: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "cannot ping" : "pings"} ${targetName(a.host)}`,
  namespace: (a) => a.from,
  async run({ world }, a) {
    const { host, shown } = await resolveTarget(world, a.from, a.host);
    if (!host) return { ok: false, message: `${shown} is unknown: the container has no IP address (is it running?)` };
    const out = await world.inNamespace(a.from, ["sh", "-c", 'ping -c 1 -W 2 "$1"', "lab-ping", host]);
    const output = `${out.stdout}${out.stderr}`.trim();
    const evidence = { "ping exit code": String(out.exitCode), output };
    if (out.exitCode === 0) return { ok: true, message: `${a.from} got an echo reply from ${shown}`, evidence };
    const why = /bad address|unknown host/i.test(output) ? `${shown} does not resolve` : /Network unreachable/i.test(output) ? "the network is unreachable" : "no echo reply";
    return { ok: false, message: `${a.from} cannot ping ${shown}: ${why}`, evidence };
  },
});
