import { Type } from "@sinclair/typebox";
import { ref } from "../scenario/schema-builders.js";
import { ContainerName } from "../scenario/schema-defs.js";
import { defineStep } from "../steps/step-kind.js";
import { cutNote, OutputTail } from "../runtime/output-tail.js";
import { mismatch } from "../steps/text-match.js";

/** `process`, as `docker top`: a process of the container runs a command containing `command`. */
export const processProbe = defineStep({
  kind: "process",
  args: Type.Object(
    {
      container: ref(ContainerName, { description: "Required. The container whose processes are listed." }),
      command: Type.String({ minLength: 1, description: "Required. Text the process's command line must contain, e.g. `httpd -f`." }),
    },
    {
      description: "Probe: `docker top` lists a process of the container whose command line contains `command`. E.g. `{ container: web, command: httpd }`.",
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.container(["container"], a.container),
  type: "probe",
  readOnly: true,
  confirmSuccess: true,
  describe: (a, expect) => `docker top ${a.container} ${expect === "fail" ? "does not list" : "lists"} ${JSON.stringify(a.command)}`,
  async run({ runtime, world }, a) {
    // The engine refuses `docker top` on a container that is not running: that is an answer too, no process.
    const top = await runtime.top(world.container(a.container)).catch((error: Error) => {
      if (/is not running/i.test(error.message)) return undefined;
      throw error;
    });
    if (!top)
      return { ok: false, message: `${a.container} is not running: docker top lists no process`, evidence: { "docker top": "(container not running)" } };
    const cmd = Math.max(top.titles.indexOf("CMD"), top.titles.indexOf("COMMAND"));
    const pid = top.titles.indexOf("PID");
    const rows = top.processes.map((p) => `${p[pid] ?? "?"} ${cmd >= 0 ? p[cmd] : p.join(" ")}`);
    // A container may run thousands of processes with long command lines: the evidence is their bounded tail.
    const listed = new OutputTail();
    rows.forEach((r, i) => listed.push(i ? `\n${r}` : r));
    const cut = cutNote(listed.facts());
    const evidence = { "docker top": listed.text() || "(no process)", ...(cut ? { "docker top cut": cut } : {}) };
    const found = rows.find((r) => !mismatch(r, { contains: a.command }));
    return found
      ? { ok: true, message: `docker top ${a.container} lists ${found}`, evidence }
      : { ok: false, message: `docker top ${a.container} lists no process running ${JSON.stringify(a.command)}`, evidence };
  },
});
