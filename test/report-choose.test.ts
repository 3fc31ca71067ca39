import { execFileSync } from "node:child_process";
import { mkdtemp, readFile, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { InputError } from "../src/errors.js";
import { chooseReporters } from "../src/report/choose-reporters.js";
import { PlainReporter } from "../src/report/plain-reporter.js";
import { defaultReporter, reporterNames } from "../src/report/reporter-table.js";
import { runEvents, scenarioResult, step } from "./support/results.js";

/** A stream that remembers what was written, shaped like process.stdout. */
function sink(isTTY = false): NodeJS.WriteStream & { text: string } {
  const s = new Writable({ write: (chunk, _enc, done) => ((s.text += String(chunk)), done()) }) as unknown as NodeJS.WriteStream & { text: string };
  s.text = "";
  (s as { isTTY?: boolean }).isTTY = isTTY;
  return s;
}

async function run(names: string[] | undefined, outputs: string[] | undefined, o: { timings?: boolean } = {}) {
  const stdout = sink();
  const stderr = sink();
  const reporters = await chooseReporters({ names, outputs, timings: o.timings, stdout, stderr, env: {} });
  const result = scenarioResult({ name: "dns", steps: [step({ index: 0, name: "web finds db" })] });
  for (const e of runEvents([result])) reporters.forEach((r) => r.onEvent(e));
  await Promise.all(reporters.map((r) => r.close?.()));
  return { reporters, stdout: stdout.text, stderr: stderr.text };
}

const usage = async (names: string[] | undefined, outputs: string[] | undefined): Promise<string> => {
  const error = await chooseReporters({ names, outputs, stdout: sink(), stderr: sink(), env: {} }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(InputError);
  expect((error as InputError).exitCode).toBe(2);
  return (error as InputError).message;
};

const tmp = (): Promise<string> => mkdtemp(join(tmpdir(), "lab-reporters-"));

describe("choosing reporters", () => {
  it("has the five reporters in its table", () => {
    expect(reporterNames()).toEqual(["plain", "pretty", "junit", "json", "html", "github"]);
  });

  it("picks pretty in a terminal and plain when piped or under CI", () => {
    expect(defaultReporter({ isTTY: true }, {})).toBe("pretty");
    expect(defaultReporter({ isTTY: false }, {})).toBe("plain");
    expect(defaultReporter({ isTTY: true }, { CI: "true" })).toBe("plain");
  });

  it("sends one file reporter to --output, and the terminal reporter to stdout", async () => {
    const dir = await tmp();
    const file = join(dir, "deep/er/junit.xml");
    const { reporters, stdout, stderr } = await run(["plain", "junit"], [file]);
    expect(reporters[0]).toBeInstanceOf(PlainReporter);
    expect(await readFile(file, "utf8")).toMatch(/^<\?xml [^]*<testcase name="web finds db"/);
    expect(stdout.trimEnd().split("\n").at(-1)).toMatch(/^1 passed, 0 failed \(steps: 1 passed, 0 failed; /);
    expect(stdout).not.toContain("<?xml");
    expect(stderr).toBe("");
  });

  it("takes name=file for each of several file reporters, and a bare file for the one left", async () => {
    const dir = await tmp();
    await run(["junit", "json", "plain"], [`junit=${join(dir, "j.xml")}`, join(dir, "r.json")]);
    expect(await readFile(join(dir, "j.xml"), "utf8")).toContain("<testsuites");
    expect(JSON.parse(await readFile(join(dir, "r.json"), "utf8"))).toMatchObject({ format: "lab-report" });
  });

  it("lets a lone file reporter write to stdout, with the run id and summary line on stderr", async () => {
    const { stdout, stderr } = await run(["json"], undefined);
    expect(JSON.parse(stdout)).toMatchObject({ format: "lab-report", runId: "abc123" });
    expect(stderr.split("\n")[0]).toBe("lab run abc123: 1 scenario");
    expect(stderr.trimEnd().split("\n").at(-1)).toMatch(/^1 passed, 0 failed /);
  });

  it("still prints the run id and the summary line on stdout when every reporter writes a file", async () => {
    const dir = await tmp();
    const { stdout, stderr } = await run(["junit"], [join(dir, "j.xml")], { timings: true });
    const lines = stdout.trimEnd().split("\n");
    expect(lines[0]).toBe("lab run abc123: 1 scenario");
    expect(lines.some((l) => l.startsWith("timings dns: "))).toBe(true);
    expect(lines.at(-1)).toMatch(/^1 passed, 0 failed /);
    expect(stderr).toBe("");
  });

  it("refuses what is ambiguous or cannot work, saying how to fix it (exit 2)", async () => {
    expect(await usage(["plain", "pretty"], undefined)).toBe("plain and pretty both write to the terminal; choose one of them.");
    expect(await usage(["junit", "json"], ["out.xml"])).toBe(
      "--output out.xml is ambiguous: junit and json each write a file; say which with --output junit=reports/junit.xml --output json=reports/lab.json.",
    );
    expect(await usage(["plain", "junit"], undefined)).toBe(
      "the junit reporter has no --output, and plain already writes to stdout; add --output junit=reports/junit.xml.",
    );
    expect(await usage(["junit", "json"], undefined)).toBe(
      "the junit reporter has no --output, and json already writes to stdout; add --output junit=reports/junit.xml.",
    );
    expect(await usage(["plain"], ["out.xml"])).toMatch(
      /^--output is where a file reporter \(junit, json or html\) writes, and none is chosen; add e\.g\. --reporter junit\.$/,
    );
    expect(await usage(["plain", "junit"], ["json=x.json"])).toBe("--output json=x.json is for the json reporter, which is not chosen; add --reporter json.");
    expect(await usage(["junit"], ["junit=a.xml", "junit=b.xml"])).toBe("--output is given twice for the junit reporter (a.xml and b.xml); give one.");
    expect(await usage(["junit"], ["junit=a.xml", "b.xml"])).toBe("--output b.xml names no reporter, and junit already has its --output; drop it.");
    expect(await usage(["fancy"], undefined)).toMatch(/^unknown reporter "fancy"; known reporters: /);
  });

  it("refuses an --output that is a directory before anything runs", async () => {
    const dir = await tmp();
    expect((await stat(dir)).isDirectory()).toBe(true);
    expect(await usage(["junit"], [dir])).toBe(`--output ${dir} is a directory; give a file name, e.g. ${dir}/junit.xml`);
  });

  it("refuses, before anything runs, every --output that cannot be written", async () => {
    // sysfs refuses to create files even for root; a FIFO would block the report at the end.
    expect(await usage(["junit"], ["/sys/lab-report.xml"])).toMatch(/^--output \/sys\/lab-report\.xml cannot be written: EACCES/);
    const dir = await tmp();
    const fifo = join(dir, "fifo");
    execFileSync("mkfifo", [fifo]);
    expect(await usage(["plain", "json"], [`json=${fifo}`])).toBe(`--output ${fifo} is not a regular file; give a file name`);
    const file = join(dir, "a-file");
    await writeFile(file, "x");
    expect(await usage(["junit"], [join(file, "junit.xml")])).toMatch(/^--output .*a-file\/junit\.xml: cannot create its directory: /);
  });

  it("creates the --output file at once, and an existing one keeps its content until the report replaces it", async () => {
    const dir = await tmp();
    const fresh = join(dir, "new.xml");
    const old = join(dir, "old.json");
    await writeFile(old, "previous");
    await chooseReporters({ names: ["junit", "json"], outputs: [`junit=${fresh}`, `json=${old}`], stdout: sink(), stderr: sink(), env: {} });
    expect((await stat(fresh)).isFile()).toBe(true);
    expect(await readFile(old, "utf8")).toBe("previous");
  });
});

describe("the github reporter beside the others", () => {
  it("shares stdout with plain, and alone still gets the run id and summary line", async () => {
    const both = await run(["plain", "github"], undefined);
    expect(both.stdout).toMatch(/^lab run abc123: 1 scenario/m);
    const alone = await run(["github"], undefined);
    expect(alone.stdout).toMatch(/^lab run abc123/m);
    expect(alone.stdout).toMatch(/1 passed, 0 failed/);
  });
  it("refuses a file reporter without --output next to it, since both would write to stdout", async () => {
    expect(await usage(["github", "junit"], undefined)).toBe(
      "the junit reporter has no --output, and github already writes to stdout; add --output junit=reports/junit.xml.",
    );
  });
});
