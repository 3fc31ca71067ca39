import { defineStep } from "../steps/step-kind.js";

interface Args {
  from: string;
  host: string;
}

/** `ping`: one ICMP echo from `from` to `host` returns. */
export const ping = defineStep<Args>({
  kind: "ping",
  type: "probe",
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "cannot ping" : "pings"} ${a.host}`,
  namespace: (a) => a.from,
  async run({ world }, a) {
    const out = await world.inNamespace(a.from, ["sh", "-c", 'ping -c 1 -W 2 "$1"', "lab-ping", a.host]);
    const output = `${out.stdout}${out.stderr}`.trim();
    const evidence = { "ping exit code": String(out.exitCode), output };
    if (out.exitCode === 0) return { ok: true, message: `${a.from} got an echo reply from ${a.host}`, evidence };
    const why = /bad address|unknown host/i.test(output) ? `${a.host} does not resolve` : /Network unreachable/i.test(output) ? "the network is unreachable" : "no echo reply";
    return { ok: false, message: `${a.from} cannot ping ${a.host}: ${why}`, evidence };
  },
});
