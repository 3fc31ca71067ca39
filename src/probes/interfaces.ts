import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { attemptMs, defineStep, EXEC_MARGIN_MS, NAMESPACE_EXEC_MS } from "../steps/step-kind.js";
import { interfaceNames } from "./proc-net-dev.js";

/** `interfaces`: the container's network interfaces are exactly `only`, or include `has`. */
export const interfaces = defineStep({
  kind: "interfaces",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose interfaces are listed." }),
      only: Type.Optional(
        Type.Array(Pattern("^[A-Za-z0-9_.-]+$", undefined), {
          description: "The container has exactly these interfaces, e.g. `[lo]` for `network_mode: none`, or `[lo, eth0]`.",
          uniqueItems: true,
        }),
      ),
      has: Type.Optional(
        Type.Array(Pattern("^[A-Za-z0-9_.-]+$", undefined), {
          description: "The container has at least these interfaces, e.g. `[eth0, eth1]` for a container on two networks.",
          uniqueItems: true,
        }),
      ),
    },
    { description: "Probe: the network interfaces inside the container match. E.g. `{ container: sealed, only: [lo] }`.", additionalProperties: false },
  ),
  check(a, c) {
    c.container(["container"], a.container);
    if (a.only === undefined && a.has === undefined) c.report("E_STEP_ARGS", [], `an "interfaces" step needs "only" or "has"`);
  },
  type: "probe",
  readOnly: true,
  describe: (a, expect) => `${a.container} ${expect === "fail" ? "does not have" : "has"} ${a.only ? `only ${a.only.join(", ")}` : a.has!.join(", ")}`,
  namespace: (a) => a.container,
  async run(ctx, a) {
    const out = await ctx.world.inNamespace(a.container, ["cat", "/proc/net/dev"], attemptMs(ctx, NAMESPACE_EXEC_MS, EXEC_MARGIN_MS));
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
