import { defineStep } from "../steps/step-kind.js";

interface Args {
  container: string;
  command: string;
}

/** `process`, as `docker top`: a process of the container runs a command containing `command`. */
export const processProbe = defineStep<Args>({
  kind: "process",
  type: "probe",
  confirmSuccess: true,
  describe: (a, expect) => `docker top ${a.container} ${expect === "fail" ? "does not list" : "lists"} ${JSON.stringify(a.command)}`,
  async run({ runtime, world }, a) {
    // The engine refuses `docker top` on a container that is not running: that is an answer too, no process.
    const top = await runtime.top(world.container(a.container)).catch((error: Error) => {
      if (/is not running/i.test(error.message)) return undefined;
      throw error;
    });
    if (!top) return { ok: false, message: `${a.container} is not running: docker top lists no process`, evidence: { "docker top": "(container not running)" } };
    const cmd = Math.max(top.titles.indexOf("CMD"), top.titles.indexOf("COMMAND"));
    const pid = top.titles.indexOf("PID");
    const rows = top.processes.map((p) => `${p[pid] ?? "?"} ${cmd >= 0 ? p[cmd] : p.join(" ")}`);
    const evidence = { "docker top": rows.join("\n") || "(no process)" };
    const found = rows.find((r) => r.includes(a.command));
    return found ? { ok: true, message: `docker top ${a.container} lists ${found}`, evidence } : { ok: false, message: `docker top ${a.container} lists no process running ${JSON.stringify(a.command)}`, evidence };
  },
});
