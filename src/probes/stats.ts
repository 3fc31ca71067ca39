import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";

interface Stats {
  cpu_stats?: { cpu_usage?: { total_usage?: number } };
  memory_stats?: { usage?: number };
}

/** `stats`, as `docker stats --no-stream`: the engine reports live CPU and memory figures. */
export const stats = defineStep({
  kind: "stats",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose stats are read." }),
    },
    {
      description: "Probe: the engine reports live CPU and memory figures for the container (`docker stats`). E.g. `{ container: web }`.",
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.container(["container"], a.container),
  type: "probe",
  readOnly: true,
  describe: (a, expect) => `docker stats ${a.container} ${expect === "fail" ? "reports nothing" : "reports CPU and memory"}`,
  async run({ runtime, world }, a) {
    const s = (await runtime.stats(world.container(a.container))) as Stats;
    const cpu = s.cpu_stats?.cpu_usage?.total_usage ?? 0;
    const memory = s.memory_stats?.usage ?? 0;
    const evidence = { "cpu total usage (ns)": String(cpu), "memory usage (bytes)": String(memory) };
    if (cpu > 0 && memory > 0)
      return { ok: true, message: `${a.container} uses ${(memory / 1024 / 1024).toFixed(1)} MiB and ${(cpu / 1e6).toFixed(0)} ms of CPU so far`, evidence };
    return { ok: false, message: `the engine reports no live figures for ${a.container} (is it running?)`, evidence };
  },
});
