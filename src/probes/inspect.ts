import { isDeepStrictEqual } from "node:util";
import { defineStep } from "../steps/step-kind.js";
import { atPath } from "./dotted-path.js";

interface Args {
  container?: string;
  network?: string;
  path: string;
  equals?: unknown;
  contains?: string;
  matches?: string;
  exists?: boolean;
}

const show = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v, null, 1)?.replace(/\n\s*/g, " ") ?? "undefined");

/** `inspect`, as `docker inspect -f '{{.Path}}'` on a container or a network. */
export const inspect = defineStep<Args>({
  kind: "inspect",
  type: "probe",
  describe: (a) => `inspect ${a.container ?? a.network} .${a.path}${a.equals !== undefined ? ` = ${show(a.equals)}` : a.contains !== undefined ? ` contains ${JSON.stringify(a.contains)}` : a.matches !== undefined ? ` matches /${a.matches}/` : a.exists === false ? " is absent" : " exists"}`,
  async run({ runtime, world }, a) {
    const doc = a.container !== undefined ? (await runtime.inspectContainer(world.container(a.container))).raw : (await runtime.inspectNetwork(world.network(a.network!))).raw;
    const target = a.container ?? a.network;
    const { found, value } = atPath(doc, a.path);
    const evidence = { [`.${a.path}`]: found ? show(value) : "(not found)" };
    const fail = (why: string) => ({ ok: false, message: `.${a.path} of ${target} ${why}`, evidence });
    if (a.exists !== undefined && found !== a.exists) return fail(a.exists ? "does not exist" : `exists: ${show(value)}`);
    if (a.exists === false) return { ok: true, message: `.${a.path} of ${target} does not exist`, evidence };
    if (!found) return fail("does not exist");
    if (a.equals !== undefined && !isDeepStrictEqual(value, a.equals) && show(value) !== show(a.equals)) return fail(`is ${show(value)}, not ${show(a.equals)}`);
    if (a.contains !== undefined) {
      const has = Array.isArray(value) ? value.some((v) => show(v) === a.contains || show(v).includes(a.contains!)) : typeof value === "object" && value !== null ? Object.keys(value).some((k) => k.includes(a.contains!)) || show(value).includes(a.contains) : show(value).includes(a.contains);
      if (!has) return fail(`does not contain ${JSON.stringify(a.contains)}: ${show(value)}`);
    }
    if (a.matches !== undefined && !new RegExp(a.matches).test(show(value))) return fail(`does not match /${a.matches}/: ${show(value)}`);
    return { ok: true, message: `.${a.path} of ${target} is ${show(value)}`, evidence };
  },
});
