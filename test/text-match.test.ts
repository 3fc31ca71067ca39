import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parseScenario } from "../src/scenario/load-scenario.js";
import { matchesError, matchesPattern, mismatch, patternProblem } from "../src/steps/text-match.js";

describe("one text matcher", () => {
  it.each([
    // text, matcher, mismatch (undefined: it matches)
    ["Hello\nWorld\n", { contains: "World" }, undefined],
    ["Hello\nWorld\n", { contains: "world" }, 'to contain "world"'],
    ["Hello\nWorld\n", { equals: "Hello\nWorld" }, undefined],
    ["Hello\nWorld  \n\n", { equals: "Hello\nWorld\n" }, undefined],
    ["Hello\nWorld\n", { equals: "Hello" }, 'to equal "Hello"'],
    ["Hello\nWorld\n", { matches: "^World$" }, undefined],
    ["Hello\nWorld\n", { matches: "^world$" }, "to match /^world$/"],
    ["Hello\nWorld\n", { matches: "(?i)^world$" }, undefined],
    ["Hello\nWorld\n", { matches: "Hello.World" }, "to match /Hello.World/"],
    ["Hello\nWorld\n", { matches: "(?s)Hello.World" }, undefined],
    ["Hello\nWorld\n", { matches: "(?is)hello.WORLD" }, undefined],
    ["Hello\nWorld\n", { matches: "(?ms)^Hello.World$" }, undefined],
    ["FIRST_ENV_e1=\n", { matches: "(?m)^FIRST_ENV_e1=$" }, undefined],
    ["ABC 123", { matches: "(?i)[a-c]+\\s\\D*\\d{3}" }, undefined],
    ["abc", { contains: "b", matches: "^a", equals: "abc" }, undefined],
    ["abc", { contains: "b", matches: "^b" }, "to match /^b/"],
  ])("%j against %j", (text, matcher, wrong) => {
    expect(mismatch(text, matcher)).toBe(wrong);
  });

  it("keeps escapes when ignoring case: (?i)\\S does not become \\s", () => {
    expect(matchesPattern("ab", "(?i)^\\S+$")).toBe(true);
    expect(matchesPattern("a b", "(?i)^\\S+$")).toBe(false);
  });

  it("matches `error:` as text ignoring case, or as /pattern/ with the same dialect", () => {
    expect(matchesError(undefined, "anything")).toBe(true);
    expect(matchesError("PORT IS ALREADY allocated", "Bind for 0.0.0.0:8080 failed: port is already allocated")).toBe(true);
    expect(matchesError("no such host", "NXDOMAIN")).toBe(false);
    expect(matchesError("/no such host|NXDOMAIN/", "server can't find db: NXDOMAIN")).toBe(true);
    expect(matchesError("/(?i)nxdomain/", "server can't find db: NXDOMAIN")).toBe(true);
    expect(matchesError("/^NXDOMAIN$/", "a message\nNXDOMAIN\nmore")).toBe(true);
  });

  it.each([
    ["(", "Unterminated group"],
    ["(a)\\1", "it uses a backreference (\\1), which cannot be matched in bounded time"],
    ["(?<x>a)\\k<x>", "it uses a backreference (\\k<x>)"],
    ["foo(?=bar)", "it uses a lookahead ((?=…)"],
    ["(?<!x)foo", "it uses a lookbehind ((?<!…)"],
    ["(?x)a b", 'the inline flag x in "(?x)" is not supported; lab accepts (?i), (?m) and (?s) at the start of a pattern'],
    ["a(?i)b", "inline flags such as (?i) are supported only at the very start of a pattern"],
  ])("refuses %j, naming why", (pattern, why) => {
    expect(patternProblem(pattern)).toContain(why);
  });

  it.each(["^(a+)+$", "(?i)^PING .* 56 data bytes", "(?ms)^a.b$", "\\d+\\.\\d+", "[^\\s]+", "a{2,5}", "(?:ab)+?"])("accepts %j", (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });

  it("reports a refused pattern at its position when a scenario is loaded", () => {
    const text =
      'name: x\ncontainers:\n  web: { image: busybox }\nsteps:\n  - logs: { container: web, matches: "(a)\\\\1" }\n  - exec: { container: web, command: ls, stdout: { matches: "(?i)ok" } }\n  - resolve: { from: web, name: db }\n    expect: fail\n    error: /(?=x)/\n';
    const r = parseScenario("x.yaml", text);
    expect(r.diagnostics.map((d) => `${d.line}:${d.col} ${d.code} ${d.message}`)).toEqual([
      '5:38 E_REGEX "(a)\\1" is not a valid regular expression: it uses a backreference (\\1), which cannot be matched in bounded time; lab runs patterns without backreferences and lookarounds',
      '9:12 E_REGEX "error" in step 3 is not a valid regular expression: it uses a lookahead ((?=…), which cannot be matched in bounded time; lab runs patterns without backreferences and lookarounds',
    ]);
  });

  it("matches a catastrophic pattern on a long input in bounded time", () => {
    // In a child process with a kill timer: a backtracking engine would spin there for ever, deaf to
    // signals. The module has no imports but node's, so its transpiled source runs there as it is.
    const source = ts.transpileModule(readFileSync(new URL("../src/steps/text-match.ts", import.meta.url), "utf8"), {
      compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    }).outputText;
    const script = `${source}
      const text = "a".repeat(50000) + "!";
      console.log(JSON.stringify([mismatch(text, { matches: "^(a+)+$" }) ?? "matched", matchesError("/(a|aa)+$/", text), mismatch("a".repeat(40), { matches: "^(a+)+$" }) ?? "matched"]));`;
    const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", timeout: 60_000 });
    expect(child.signal, child.stderr).toBeNull();
    expect(JSON.parse(child.stdout.trim())).toEqual(["to match /^(a+)+$/", false, "matched"]);
  });
});
