import { XMLParser, XMLValidator } from "fast-xml-parser";

/**
 * The rules of the JUnit schema that CI systems read (Jenkins' junit-10.xsd, the Surefire
 * dialect): which elements may hold which, which attributes each may carry and must carry,
 * and the pattern of `time`. Enough to catch a report that a CI system would reject.
 */
const RULES: Record<string, { children: string[]; attributes: string[]; required: string[]; text?: boolean }> = {
  testsuites: { children: ["testsuite"], attributes: ["name", "time", "tests", "failures", "errors"], required: [] },
  testsuite: {
    children: ["testsuite", "properties", "testcase", "system-out", "system-err"],
    attributes: ["name", "tests", "failures", "errors", "group", "time", "skipped", "timestamp", "hostname", "id", "package", "file", "log", "url"],
    required: ["name", "tests", "failures", "errors"],
  },
  properties: { children: ["property"], attributes: [], required: [] },
  property: { children: [], attributes: ["name", "value"], required: ["name", "value"] },
  // junit-10.xsd has no `file` or `line` on <testcase>; they are the one extension lab writes (docs/reports.md):
  // the readers that place a failure in the source (GitHub JUnit annotators, GitLab, pytest's dialect) read them, and
  // Jenkins' parser, which does not validate, ignores attributes it does not know.
  testcase: {
    children: ["skipped", "error", "failure", "system-out", "system-err"],
    attributes: ["name", "time", "classname", "group", "file", "line"],
    required: ["name"],
  },
  failure: { children: [], attributes: ["type", "message"], required: [], text: true },
  error: { children: [], attributes: ["type", "message"], required: [], text: true },
  skipped: { children: [], attributes: ["type", "message"], required: [], text: true },
  "system-out": { children: [], attributes: [], required: [], text: true },
  "system-err": { children: [], attributes: [], required: [], text: true },
};
const TIME = /^(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?$/;

type Node = Record<string, unknown>;

export interface JunitCase {
  name: string;
  classname: string;
  time: string;
  failure?: { message?: string; type?: string; text: string };
  error?: { message?: string; type?: string; text: string };
  skipped?: { message?: string };
  systemOut?: string;
}
export interface JunitSuite {
  attrs: Record<string, string>;
  properties: Record<string, string>;
  cases: JunitCase[];
  systemOut?: string;
}

/** Parses a JUnit document, throwing on anything the schema would refuse; returns it as plain data. */
export function parseJunit(xml: string): { attrs: Record<string, string>; suites: JunitSuite[] } {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new Error(`not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "@",
    textNodeName: "#text",
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && name !== "testsuites",
    trimValues: false,
    parseTagValue: false,
    parseAttributeValue: false,
  });
  const doc = parser.parse(xml) as Node;
  const roots = Object.keys(doc).filter((k) => k !== "?xml");
  if (roots.length !== 1 || roots[0] !== "testsuites") throw new Error(`the root must be <testsuites>, not ${roots.join(", ")}`);
  check("testsuites", doc.testsuites as Node);
  const root = doc.testsuites as Node;
  const attrs = (n: Node): Record<string, string> =>
    Object.fromEntries(
      Object.entries(n)
        .filter(([k]) => k.startsWith("@"))
        .map(([k, v]) => [k.slice(1), String(v)]),
    );
  const text = (n: unknown): string => (typeof n === "string" ? n : String((n as Node)["#text"] ?? ""));
  const one = (n: Node, key: string): Node | undefined => (n[key] as Node[] | undefined)?.[0];
  const suites = ((root.testsuite as Node[] | undefined) ?? []).map((s): JunitSuite => ({
    attrs: attrs(s),
    properties: Object.fromEntries(((one(s, "properties")?.property as Node[] | undefined) ?? []).map((p) => [String(p["@name"]), String(p["@value"])])),
    cases: ((s.testcase as Node[] | undefined) ?? []).map((c): JunitCase => {
      const outcome = (key: string) => {
        const o = one(c, key);
        return o === undefined
          ? undefined
          : { message: (o as Node)["@message"] as string | undefined, type: (o as Node)["@type"] as string | undefined, text: text(o) };
      };
      const out = one(c, "system-out");
      return {
        ...(attrs(c) as { name: string; classname: string; time: string }),
        failure: outcome("failure"),
        error: outcome("error"),
        skipped: outcome("skipped"),
        systemOut: out === undefined ? undefined : text(out),
      };
    }),
    systemOut: one(s, "system-out") === undefined ? undefined : text(one(s, "system-out")),
  }));
  return { attrs: attrs(root), suites };
}

function check(name: string, node: unknown): void {
  const rule = RULES[name];
  if (!rule) throw new Error(`<${name}> is not an element of the JUnit schema`);
  // An element with neither attributes nor children parses as its text.
  const n: Node = typeof node === "string" ? { "#text": node } : (node as Node);
  for (const key of Object.keys(n)) {
    if (key.startsWith("@")) {
      if (!rule.attributes.includes(key.slice(1))) throw new Error(`<${name}> may not carry the attribute ${key.slice(1)}`);
      if (key === "@time" && !TIME.test(String(n[key]))) throw new Error(`<${name} time="${String(n[key])}"> does not match the schema's time pattern`);
    } else if (key === "#text") {
      if (!rule.text && String(n[key]).trim()) throw new Error(`<${name}> may not hold text`);
    } else {
      if (!rule.children.includes(key)) throw new Error(`<${name}> may not hold <${key}>`);
      for (const child of n[key] as unknown[]) check(key, child);
    }
  }
  for (const r of rule.required) if (!(`@${r}` in n)) throw new Error(`<${name}> needs the attribute ${r}`);
}
