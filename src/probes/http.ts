import { Type } from "@sinclair/typebox";
import { Pattern, ref } from "../scenario/schema-builders.js";
import { From } from "../steps/step-args.js";
import { attemptMs, defineStep, EXEC_MARGIN_MS, NAMESPACE_EXEC_MS } from "../steps/step-kind.js";
import { KEPT_BYTES, OutputTail, cutNote } from "../runtime/output-tail.js";
import type { OutputFacts } from "../runtime/runtime.js";
import { mismatch, needles, tail } from "../steps/text-match.js";
import { refuseFromHost } from "./host-connect.js";
import { reasonInText, toolReason, type FailureReason } from "./failure-reason.js";
import { wgetResponse } from "./tool-failures.js";

const TIMEOUT_S = 3;

/** `http`: a GET from a container (busybox wget in its namespace) or from the host; the status and body match. */
export const http = defineStep({
  kind: "http",
  args: Type.Object(
    {
      from: ref(From, { description: "Required. Where the request starts: a container, or `host`." }),
      url: Pattern("^https?://\\S+$", "write a URL starting with http:// or https://", {
        description: "Required. The URL to get, e.g. `http://web/` or `http://localhost:8080/health`.",
      }),
      status: Type.Optional(Type.Integer({ minimum: 100, maximum: 599, description: "The expected HTTP status code. Default 200.", default: 200 })),
      contains: Type.Optional(Type.String({ description: "Text the response body must contain, e.g. `Welcome`." })),
    },
    {
      description:
        'Probe: an HTTP GET from `from` to `url` returns the expected status (and text). E.g. `{ from: host, url: "http://localhost:8080/", contains: Welcome }`.',
      additionalProperties: false,
    },
  ),
  check: (a, c) => c.from(["from"], a.from),
  type: "probe",
  network: true,
  readOnly: true,
  fromHost: true,
  confirmSuccess: true,
  describe: (a, expect) => `${a.from} ${expect === "fail" ? "gets no" : "gets"} ${a.status ?? 200} from ${a.url}`,
  namespace: (a) => (a.from === "host" ? undefined : a.from),
  async run(ctx, a) {
    const { world, reach } = ctx;
    const want = a.status ?? 200;
    let status: number | undefined;
    let body = "";
    let error = "";
    let reason: FailureReason | undefined;
    let seen: OutputFacts | undefined;
    if (a.from === "host") {
      const url = new URL(a.url);
      const refused = refuseFromHost(url.hostname, Number(url.port || (url.protocol === "https:" ? 443 : 80)), reach);
      if (refused) return { ok: false, refused: true, message: refused };
      try {
        const response = await fetch(a.url, { signal: AbortSignal.timeout(TIMEOUT_S * 1000), redirect: "manual" });
        status = response.status;
        // Read as it comes into the bounded collector: a huge body costs its last 1 MiB, and `contains` still sees all of it.
        const kept = new OutputTail(KEPT_BYTES, needles(a));
        if (response.body) for await (const chunk of response.body) kept.push(Buffer.from(chunk));
        body = kept.text();
        seen = kept.facts();
      } catch (e) {
        const cause = (e as Error & { cause?: NodeJS.ErrnoException }).cause;
        error = (cause?.message ?? (e as Error).message).trim();
        // fetch's own timeout is an AbortSignal's TimeoutError, with no socket error under it.
        reason = reasonInText(`${cause?.code ?? ""} ${error}`) ?? ((e as Error).name === "TimeoutError" ? "timeout" : undefined);
      }
    } else {
      // busybox wget: -S prints the status line to stderr; `timeout` bounds it (its own -T crashes on Debian's static build).
      const out = await world.inNamespace(
        a.from,
        ["sh", "-c", `timeout ${TIMEOUT_S} wget -q -S -O - "$1"`, "lab-http", a.url],
        attemptMs(ctx, NAMESPACE_EXEC_MS, TIMEOUT_S * 1000 + EXEC_MARGIN_MS),
        needles(a),
      );
      ({ status, error } = wgetResponse(out));
      reason = toolReason(out.exitCode, error);
      body = out.stdout;
      seen = out.kept?.stdout;
    }
    const cut = seen && cutNote(seen);
    const evidence: Record<string, string> = {
      status: status === undefined ? "(no response)" : String(status),
      ...(error ? { error } : {}),
      ...(body ? { body: tail(body, 8) } : {}),
      ...(cut ? { "body cut": cut } : {}),
    };
    if (status === undefined) return { ok: false, reason, message: `${a.from} got no HTTP response from ${a.url}: ${error}`, evidence };
    if (status !== want) return { ok: false, reason: "mismatch", message: `${a.from} got ${status} from ${a.url}, not ${want}`, evidence };
    if (a.contains !== undefined && mismatch({ text: body, ...seen }, { contains: a.contains }))
      return {
        ok: false,
        reason: "mismatch",
        message: `${a.from} got ${status} from ${a.url}, but the body does not contain ${JSON.stringify(a.contains)}`,
        evidence,
      };
    return { ok: true, message: `${a.from} got ${status} from ${a.url}`, evidence };
  },
});
