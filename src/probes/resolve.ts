import { defineStep } from "../steps/step-kind.js";
import { hostsEntries, nameservers, nslookupAnswers, nslookupFailure } from "./resolv-evidence.js";

interface Args {
  from: string;
  name: string;
  addresses?: string[];
}

const SEPARATOR = "@@lab@@";
// One exec reads what an application would consult: /etc/hosts first (links live there
// on the default bridge), then the nameserver of resolv.conf (127.0.0.11 on user networks).
const SCRIPT = `cat /etc/hosts; echo ${SEPARATOR}; cat /etc/resolv.conf; echo ${SEPARATOR}; nslookup "$1" 2>&1`;

/** `resolve`: the name resolves inside `from` as an application there would see it. */
export const resolve = defineStep<Args>({
  kind: "resolve",
  type: "probe",
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "does not resolve" : "resolves"} ${a.name}${a.addresses ? ` to ${a.addresses.join(", ")}` : ""}`,
  namespace: (a) => a.from,
  async run({ world }, a) {
    const out = await world.inNamespace(a.from, ["sh", "-c", SCRIPT, "lab-resolve", a.name]);
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
      return { ok: false, message: `${a.name} does not resolve in ${a.from}: ${why} from nameserver ${evidence.nameserver}, and /etc/hosts has no line for it`, evidence };
    }
    const source = fromHosts.length > 0 ? "/etc/hosts" : `nameserver ${evidence.nameserver}`;
    for (const wanted of a.addresses ?? []) {
      const ips = /^[\d.]+$|:/.test(wanted) ? [wanted] : await world.addressesOf(wanted);
      if (!ips.some((ip) => answers.includes(ip))) {
        return { ok: false, message: `${a.name} resolves in ${a.from} to ${answers.join(", ")} (${source}), which does not include ${wanted}${ips[0] !== wanted ? ` (${ips.join(", ") || "no address"})` : ""}`, evidence };
      }
    }
    return { ok: true, message: `${a.name} resolves in ${a.from} to ${answers.join(", ")} (${source})`, evidence };
  },
});

/** nslookup asks for A and AAAA and prints a block for each: keep each distinct line once. */
const condense = (output: string): string => [...new Set(output.split("\n").map((l) => l.trimEnd()).filter(Boolean))].join("\n");
