import { defineStep } from "../steps/step-kind.js";

interface Args {
  container: string;
  only?: string[];
  has?: string[];
}

/** Interface names from /proc/net/dev, which shows the network namespace of whoever reads it. */
export const interfaceNames = (procNetDev: string): string[] =>
  procNetDev
    .split("\n")
    .slice(2)
    .map((l) => l.split(":")[0]!.trim())
    .filter(Boolean)
    .sort();

/** `interfaces`: the container's network interfaces are exactly `only`, or include `has`. */
export const interfaces = defineStep<Args>({
  kind: "interfaces",
  type: "probe",
  describe: (a, expect) => `${a.container} ${expect === "fail" ? "does not have" : "has"} ${a.only ? `only ${a.only.join(", ")}` : a.has!.join(", ")}`,
  namespace: (a) => a.container,
  async run({ world }, a) {
    const out = await world.inNamespace(a.container, ["cat", "/proc/net/dev"]);
    const names = interfaceNames(out.stdout);
    const evidence = { interfaces: names.join(", ") || "(none)" };
    if (a.only) {
      const want = [...a.only].sort();
      if (want.join(",") !== names.join(",")) return { ok: false, message: `${a.container} has ${names.join(", ")}, not only ${want.join(", ")}`, evidence };
    }
    const missing = (a.has ?? []).filter((n) => !names.includes(n));
    if (missing.length) return { ok: false, message: `${a.container} has no ${missing.join(", ")} (it has ${names.join(", ")})`, evidence };
    return { ok: true, message: `${a.container} has ${names.join(", ")}`, evidence };
  },
});
