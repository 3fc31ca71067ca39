import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { From } from "../steps/step-args.js";
import { attemptMs, defineStep, EXEC_MARGIN_MS, NAMESPACE_EXEC_MS } from "../steps/step-kind.js";
import { toolReason } from "./failure-reason.js";
import { hostsEntries, nameservers } from "./hosts-file.js";
import { nslookupAnswers, nslookupFailure } from "./nslookup-output.js";

const SEPARATOR = "@@lab@@";
// busybox nslookup gives up on a silent server after about 5 s: the exec needs that long to answer "no".
const NSLOOKUP_ANSWER_MS = 5_000;
// One exec reads what an application would consult: /etc/hosts first (links live there
// on the default bridge), then the nameserver of resolv.conf (127.0.0.11 on user networks).
const SCRIPT = `cat /etc/hosts; echo ${SEPARATOR}; cat /etc/resolv.conf; echo ${SEPARATOR}; nslookup "$1" 2>&1`;

/** `resolve`: the name resolves inside `from` as an application there would see it. */
export const resolve = defineStep({
  kind: "resolve",
  args: Type.Object(
    {
      from: ref(From, { description: "Required. The container that resolves (or `host`), e.g. `web`." }),
      name: Pattern("^\\S+$", undefined, { minLength: 1, description: "Required. The name to resolve, e.g. `db` or `database`." }),
      addresses: Type.Optional(
        Type.Array(Type.String({ minLength: 1 }), {
          description:
            "Container names or IP addresses that must all be in the answer, e.g. `[db]` or `[172.28.0.10]`. A container name stands for its addresses. Default: any answer will do.",
          minItems: 1,
        }),
      ),
    },
    {
      description:
        "Probe: the name resolves inside `from` as an application there would see it: `/etc/hosts` first (links), then the container's DNS server. E.g. `{ from: web, name: db }`.",
      additionalProperties: false,
    },
  ),
  check(a, c) {
    c.from(["from"], a.from);
    if (Array.isArray(a.addresses)) a.addresses.forEach((addr, i) => c.containerOrIp(["addresses", i], addr));
  },
  type: "probe",
  network: true,
  readOnly: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "does not resolve" : "resolves"} ${a.name}${a.addresses ? ` to ${a.addresses.join(", ")}` : ""}`,
  namespace: (a) => a.from,
  async run(ctx, a) {
    const { world } = ctx;
    const out = await world.inNamespace(
      a.from,
      ["sh", "-c", SCRIPT, "lab-resolve", a.name],
      attemptMs(ctx, NAMESPACE_EXEC_MS, NSLOOKUP_ANSWER_MS + EXEC_MARGIN_MS),
    );
    const [hosts = "", resolvConf = "", lookup = ""] = out.stdout.split(`${SEPARATOR}\n`);
    const fromHosts = hostsEntries(hosts, a.name);
    const answers = fromHosts.length > 0 ? fromHosts.map((e) => e.ip) : nslookupAnswers(lookup);
    const evidence: Record<string, string> = {
      nameserver: nameservers(resolvConf).join(", ") || "(none)",
      ...(fromHosts.length > 0 ? { "/etc/hosts": fromHosts.map((e) => e.line).join("\n") } : { lookup: condense(lookup) }),
      answer: answers.join(", ") || "(no address)",
    };
    if (answers.length === 0) {
      const lines = hosts.split("\n").filter((l) => l.trim() && !l.startsWith("#") && !/\b(localhost|ip6-\w+)\b/.test(l));
      evidence["/etc/hosts"] = lines.join("\n") || "(only localhost lines)";
      const why = nslookupFailure(lookup) ?? "no address";
      return {
        ok: false,
        reason: toolReason(out.exitCode, lookup) ?? "nxdomain",
        message: `${a.name} does not resolve in ${a.from}: ${why} from nameserver ${evidence.nameserver}, and /etc/hosts has no line for it`,
        evidence,
      };
    }
    const source = fromHosts.length > 0 ? "/etc/hosts" : `nameserver ${evidence.nameserver}`;
    for (const wanted of a.addresses ?? []) {
      const ips = /^[\d.]+$|:/.test(wanted) ? [wanted] : await world.addressesOf(wanted);
      if (!ips.some((ip) => answers.includes(ip))) {
        return {
          ok: false,
          reason: "mismatch",
          message: `${a.name} resolves in ${a.from} to ${answers.join(", ")} (${source}), which does not include ${wanted}${ips[0] !== wanted ? ` (${ips.join(", ") || "no address"})` : ""}`,
          evidence,
        };
      }
    }
    return { ok: true, message: `${a.name} resolves in ${a.from} to ${answers.join(", ")} (${source})`, evidence };
  },
});

/** nslookup asks for A and AAAA and prints a block for each: keep each distinct line once. */
const condense = (output: string): string =>
  [
    ...new Set(
      output
        .split("\n")
        .map((l) => l.trimEnd())
        .filter(Boolean),
    ),
  ].join("\n");
