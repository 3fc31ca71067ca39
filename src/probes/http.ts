import { defineStep } from "../steps/step-kind.js";
import { refuseFromHost } from "./host-connect.js";
import { tail } from "./text-matcher.js";

interface Args {
  from: string;
  url: string;
  status?: number;
  contains?: string;
}

const TIMEOUT_S = 3;

/** `http`: a GET from a container (busybox wget in its namespace) or from the host; the status and body match. */
export const http = defineStep<Args>({
  kind: "http",
  type: "probe",
  confirmSuccess: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "gets no" : "gets"} ${a.status ?? 200} from ${a.url}`,
  namespace: (a) => (a.from === "host" ? undefined : a.from),
  async run({ world, reach }, a) {
    const want = a.status ?? 200;
    let status: number | undefined;
    let body = "";
    let error = "";
    if (a.from === "host") {
      const url = new URL(a.url);
      const refused = refuseFromHost(url.hostname, Number(url.port || (url.protocol === "https:" ? 443 : 80)), reach);
      if (refused) return { ok: false, refused: true, message: refused };
      try {
        const response = await fetch(a.url, { signal: AbortSignal.timeout(TIMEOUT_S * 1000), redirect: "manual" });
        status = response.status;
        body = await response.text();
      } catch (e) {
        error = ((e as Error & { cause?: Error }).cause?.message ?? (e as Error).message).trim();
      }
    } else {
      // busybox wget: -S prints the status line to stderr; `timeout` bounds it (its own -T crashes on Debian's static build).
      const out = await world.inNamespace(a.from, ["sh", "-c", `timeout ${TIMEOUT_S} wget -q -S -O - "$1"`, "lab-http", a.url]);
      const statuses = [...out.stderr.matchAll(/HTTP\/[\d.]+ (\d{3})/g)].map((m) => Number(m[1]));
      status = statuses.at(-1);
      body = out.stdout;
      if (status === undefined) error = out.stderr.replace(/^\s*HTTP.*$/gm, "").trim() || `wget exited with ${out.exitCode}`;
    }
    const evidence: Record<string, string> = { status: status === undefined ? "(no response)" : String(status), ...(error ? { error } : {}), ...(body ? { body: tail(body, 8) } : {}) };
    if (status === undefined) return { ok: false, message: `${a.from} got no HTTP response from ${a.url}: ${error}`, evidence };
    if (status !== want) return { ok: false, message: `${a.from} got ${status} from ${a.url}, not ${want}`, evidence };
    if (a.contains !== undefined && !body.includes(a.contains)) return { ok: false, message: `${a.from} got ${status} from ${a.url}, but the body does not contain ${JSON.stringify(a.contains)}`, evidence };
    return { ok: true, message: `${a.from} got ${status} from ${a.url}`, evidence };
  },
});
