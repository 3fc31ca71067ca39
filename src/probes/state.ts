import { defineStep } from "../steps/step-kind.js";

interface Args {
  container: string;
  status?: string;
  exit_code?: number;
}

/** `state`: the container's status and exit code, as `docker inspect` reports them. */
export const state = defineStep<Args>({
  kind: "state",
  type: "probe",
  describe: (a, expect) => `${a.container} ${expect === "fail" ? "is not" : "is"} ${[a.status, a.exit_code !== undefined ? `exit code ${a.exit_code}` : undefined].filter(Boolean).join(" with ") || "known to the engine"}`,
  async run({ runtime, world }, a) {
    const info = await runtime.inspectContainer(world.container(a.container));
    const evidence = { status: info.status, "exit code": String(info.exitCode), ...(info.error ? { error: info.error } : {}) };
    if (a.status !== undefined && info.status !== a.status) return { ok: false, message: `${a.container} is ${info.status}, not ${a.status}`, evidence };
    if (a.exit_code !== undefined && info.exitCode !== a.exit_code) return { ok: false, message: `${a.container} has exit code ${info.exitCode}, not ${a.exit_code}`, evidence };
    return { ok: true, message: `${a.container} is ${info.status} (exit code ${info.exitCode})`, evidence };
  },
});
