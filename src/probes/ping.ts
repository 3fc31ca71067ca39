import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { From, Target } from "../steps/step-args.js";
import { attemptMs, defineStep, EXEC_MARGIN_MS, NAMESPACE_EXEC_MS } from "../steps/step-kind.js";
import { checkTarget, resolveTarget, targetName } from "./target.js";
import { toolReason } from "./failure-reason.js";
import { pingFailure } from "./tool-failures.js";

const PING_TIMEOUT_S = 2;

/** `ping`: one ICMP echo from `from` to `host` returns. */
export const ping = defineStep({
  kind: "ping",
  args: Type.Object(
    {
      from: ref(From, { description: "Required. Where the ping starts: a container, or `host`." }),
      host: ref(Target, { description: "Required. The name or IP address to ping, e.g. `db`, `172.28.0.10`, or `{ ip_of: db }` for db's IP address." }),
    },
    { description: "Probe: an ICMP echo (ping) from `from` to `host` gets a reply. E.g. `{ from: web, host: db }`.", additionalProperties: false },
  ),
  check(a, c) {
    c.from(["from"], a.from);
    checkTarget(["host"], a.host, c);
  },
  type: "probe",
  network: true,
  readOnly: true,
  confirmSuccess: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "cannot ping" : "pings"} ${targetName(a.host)}`,
  namespace: (a) => a.from,
  async run(ctx, a) {
    const { world } = ctx;
    const { host, shown } = await resolveTarget(world, a.from, a.host);
    if (!host) return { ok: false, reason: "no-probe", message: `${shown} is unknown: the container has no IP address (is it running?)` };
    const out = await world.inNamespace(
      a.from,
      ["sh", "-c", `ping -c 1 -W ${PING_TIMEOUT_S} "$1"`, "lab-ping", host],
      attemptMs(ctx, NAMESPACE_EXEC_MS, PING_TIMEOUT_S * 1000 + EXEC_MARGIN_MS),
    );
    const output = `${out.stdout}${out.stderr}`.trim();
    const evidence = { "ping exit code": String(out.exitCode), output };
    if (out.exitCode === 0) return { ok: true, message: `${a.from} got an echo reply from ${shown}`, evidence };
    return { ok: false, reason: toolReason(out.exitCode, output), message: `${a.from} cannot ping ${shown}: ${pingFailure(output, shown)}`, evidence };
  },
});
