import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, offlinePage } from "../support/browser.js";
import { docker, lab, leftovers, type CliResult } from "./cli.js";

/**
 * `--reporter html` on a real run: two scenarios against the engine, one passing and one
 * with a step that fails (a closed port). The page is opened in headless Chromium with
 * every request but its own file refused; it keeps a screenshot in reports/.
 */
const ARTIFACT = join(import.meta.dirname, "../../reports/html-report.png");
const dir = mkdtempSync(join(tmpdir(), "lab-html-"));
const report = join(dir, "report.html");
let run: CliResult;
let chromium: Awaited<ReturnType<typeof launchChromium>>;

beforeAll(async () => {
  run = await lab(["run", "test/fixtures/html-report", "--reporter", "plain", "--reporter", "html", "--output", report]);
  chromium = await launchChromium();
}, 120_000);
afterAll(async () => {
  await chromium?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("the html reporter", () => {
  it("ran for real: one scenario passed, one failed on its closed port, nothing left on the engine", async () => {
    expect(run.code, run.stdout + run.stderr).toBe(1);
    expect(run.stdout).toMatch(/1 passed, 1 failed \(steps: 4 passed, 2 failed/);
    expect(await leftovers(run.runId!)).toEqual([]);
    expect(await docker("ps", "-a", "--filter", `label=io.lab.run=${run.runId}`, "-q")).toBe("");
  });

  it("is one page that loads offline, without console errors, with each probe drawn as an arrow in its result's colour", async () => {
    const url = pathToFileURL(report).href;
    const html = readFileSync(report, "utf8");
    expect(html).not.toMatch(/\b(src|href)="(https?:)?\/\//);
    const { page, fetched, errors } = await offlinePage(chromium.browser, (u) => u === url);
    await page.goto(url);
    const seen = await page.evaluate(() => {
      const sections = [...document.querySelectorAll("section.scenario")];
      return sections.map((s) => {
        const arrows = [...s.querySelectorAll("svg g.arrow")];
        return {
          name: s.getAttribute("data-scenario"),
          status: s.getAttribute("data-status"),
          containers: [...s.querySelectorAll("svg g.container")].map((c) => c.getAttribute("data-name")),
          aliases: [...s.querySelectorAll("svg .alias")].map((a) => a.textContent),
          arrows: arrows.map((a) => ({
            step: a.getAttribute("data-step"),
            ...(a.hasAttribute("data-cell") ? { cell: a.getAttribute("data-cell"), expected: a.getAttribute("data-expected") } : {}),
            from: a.getAttribute("data-from"),
            to: a.getAttribute("data-to"),
            status: a.classList.contains("passed") ? "passed" : a.classList.contains("failed") ? "failed" : "other",
            stroke: getComputedStyle(a.querySelector("path")!).stroke,
            drawn: (a.querySelector("path") as SVGPathElement).getTotalLength() > 10,
          })),
          rows: [...s.querySelectorAll("tr.step")].map(
            (r) => `${r.getAttribute("data-step")} ${r.querySelector(".badge")!.textContent} ${r.querySelector(".time")!.textContent!.trim().length > 0}`,
          ),
          hints: [...s.querySelectorAll(".hint")].map((h) => h.textContent),
          evidence: [...s.querySelectorAll("tr.step.failed details.evidence[open] dt")].map((d) => d.textContent),
        };
      });
    });
    const green = "rgb(46, 125, 50)";
    const red = "rgb(198, 40, 40)";
    expect(seen).toEqual([
      {
        name: "html-report-reaches",
        status: "passed",
        containers: ["db", "web"],
        aliases: ["database"],
        arrows: [
          { step: "0", from: "web", to: "db", status: "passed", stroke: green, drawn: true },
          { step: "1", from: "web", to: "db", status: "passed", stroke: green, drawn: true },
        ],
        rows: ["0 passed true", "1 passed true"],
        hints: ["hint: An alias answers like the name."],
        evidence: [],
      },
      {
        name: "html-report-closed-port",
        status: "failed",
        containers: ["cache", "client"],
        aliases: [],
        arrows: [
          { step: "0", from: "client", to: "cache", status: "passed", stroke: green, drawn: true },
          { step: "1", from: "client", to: "cache", status: "failed", stroke: red, drawn: true },
          { step: "2", from: "client", to: "cache", status: "passed", stroke: green, drawn: true },
          // The reach matrix: an arrow per cell, each in its own cell's colour; client → client is the wrong one.
          { step: "3", cell: "0:0", expected: "yes", from: "client", to: "cache", status: "passed", stroke: green, drawn: true },
          { step: "3", cell: "0:1", expected: "no", from: "client", to: "client", status: "failed", stroke: red, drawn: true },
          { step: "3", cell: "1:0", expected: "yes", from: "cache", to: "cache", status: "passed", stroke: green, drawn: true },
          { step: "3", cell: "1:1", expected: "yes", from: "cache", to: "client", status: "passed", stroke: green, drawn: true },
        ],
        rows: ["0 passed true", "1 failed true", "2 passed true", "3 failed true"],
        hints: [
          "hint: Nothing listens on 6379 in this scenario; the failure is the point of the test.",
          "hint: A container always answers itself; the cell that says no is the failure the test wants.",
        ],
        evidence: ["nc exit code", "output", "matrix", "wrong cells"],
      },
    ]);
    // Pointing at the failed step's row lights its arrow.
    await page.hover('section[data-scenario="html-report-closed-port"] tr.step[data-step="1"]');
    expect(await page.locator('section[data-scenario="html-report-closed-port"] g.arrow.hot').getAttribute("data-step")).toBe("1");
    await mkdir(join(ARTIFACT, ".."), { recursive: true });
    await page.screenshot({ path: ARTIFACT, fullPage: true });
    expect(fetched).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });
});
