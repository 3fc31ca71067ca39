import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchChromium, offlinePage } from "../support/browser.js";
import { lab, SCENARIOS } from "./cli.js";

/**
 * `lab graph` checked by the real consumers of its formats: Mermaid's own parser and
 * renderer (the local mermaid package, in Chromium, nothing fetched), Graphviz's dot, and
 * Chromium for lab's own SVG and HTML. No engine: DOCKER_HOST points nowhere.
 */
const NO_ENGINE = { DOCKER_HOST: "unix:///nonexistent/lab-graph.sock" };
const LABS = [
  ...readdirSync(SCENARIOS)
    .filter((f) => f.endsWith(".yaml"))
    .sort()
    .map((f) => `scenarios/${f}`),
  "test/fixtures/valid/graph-world.yaml",
  "test/fixtures/valid/graph-reach.yaml",
];
const MERMAID = join(import.meta.dirname, "../../node_modules/mermaid/dist/mermaid.min.js");

let chromium: Awaited<ReturnType<typeof launchChromium>>;
beforeAll(async () => {
  chromium = await launchChromium();
});
afterAll(async () => chromium?.close());

describe("lab graph", () => {
  it("refuses an invalid file with the usual diagnostics, exit 2, no engine needed", async () => {
    const r = await lab(["graph", "test/fixtures/invalid/02-privileged.yaml"], { env: NO_ENGINE });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^test\/fixtures\/invalid\/02-privileged\.yaml:\d+:\d+: "privileged" is not part of format v1/);
    expect(r.stdout).toBe("");
    const f = await lab(["graph", "scenarios/dns.yaml", "--format", "png"], { env: NO_ENGINE });
    expect([f.code, f.stderr.trim()]).toEqual([2, "lab: --format png: known formats are mermaid, dot, svg, html"]);
    const d = await lab(["graph", "scenarios/"], { env: NO_ENGINE });
    expect([d.code, d.stderr.trim()]).toEqual([2, "lab: scenarios/ is a directory; lab graph draws one scenario file"]);
  });

  it("lab list prints each scenario's topology in one line under its counts, without an engine", async () => {
    const r = await lab(["list", "scenarios/dns.yaml", "scenarios/host-and-none.yaml", "scenarios/links-vs-aliases.yaml"], { env: NO_ENGINE });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.split("\n");
    const after = (counts: RegExp): string | undefined => lines[lines.findIndex((l) => counts.test(l)) + 1];
    expect(after(/^ {2}4 containers, 1 network, 14 steps/)).toBe("  app: db(database) web · bridge: legacy neighbour");
    expect(after(/^ {2}3 containers, 0 networks, 4 steps/)).toBe("  bridge: neighbour · host: hostnet · none: sealed");
    expect(after(/^ {2}6 containers, 2 networks, 6 steps/)).toBe(
      "  app: api(backend) client · elsewhere: outsider · bridge: db legacy bystander · links: legacy→db as database",
    );
  });

  it("every lab's Mermaid picture parses and renders with the real mermaid, one node per network and container", async () => {
    const { page, fetched, errors } = await offlinePage(chromium.browser, () => false);
    await page.setContent("<!doctype html><html><body><div id=out></div></body></html>");
    await page.addScriptTag({ path: MERMAID });
    for (const file of LABS) {
      const r = await lab(["graph", file], { env: NO_ENGINE });
      expect(r.code, r.stderr).toBe(0);
      const rendered = await page.evaluate(async (text) => {
        const m = (
          globalThis as unknown as {
            mermaid: { initialize(o: object): void; parse(t: string): Promise<unknown>; render(id: string, t: string): Promise<{ svg: string }> };
          }
        ).mermaid;
        m.initialize({ startOnLoad: false, securityLevel: "strict" });
        await m.parse(text);
        const { svg } = await m.render("g", text);
        const out = document.getElementById("out")!;
        out.innerHTML = svg;
        return {
          nodes: out.querySelectorAll("g.node").length,
          edges: out.querySelectorAll("path.flowchart-link").length,
          error: out.querySelector(".error-text")?.textContent,
        };
      }, r.stdout);
      const declared = r.stdout.split("\n").filter((l) => /^ {2}(n|c|g)\d+[[{]|^ {2}host\(/.test(l)).length;
      expect(rendered, file).toEqual({
        nodes: declared,
        edges: r.stdout.split("\n").filter((l) => /---|-->|-\.-|===|==>|--x/.test(l)).length,
        error: undefined,
      });
    }
    expect(fetched).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it.each(LABS)("%s: Graphviz's dot draws it without a warning", async (file) => {
    const r = await lab(["graph", file, "--format", "dot"], { env: NO_ENGINE });
    expect(r.code, r.stderr).toBe(0);
    const child = execFile("dot", ["-Tsvg"]);
    const out = new Promise<{ stdout: string; stderr: string; code: number | null }>((resolve) => {
      let stdout = "";
      let stderr = "";
      child.stdout!.on("data", (d) => (stdout += d));
      child.stderr!.on("data", (d) => (stderr += d));
      child.on("close", (code) => resolve({ stdout, stderr, code }));
    });
    child.stdin!.end(r.stdout);
    const svg = await out;
    expect([svg.code, svg.stderr]).toEqual([0, ""]);
    const nodes = (svg.stdout.match(/class="node"/g) ?? []).length;
    expect(nodes).toBe(r.stdout.split("\n").filter((l) => /^ {2}"[^"]+" \[shape=/.test(l)).length);
  });

  it("the svg and html formats draw every container and network, offline, without errors", async () => {
    for (const format of ["svg", "html"]) {
      const r = await lab(["graph", "scenarios/links-vs-aliases.yaml", "--format", format], { env: NO_ENGINE });
      expect(r.code, r.stderr).toBe(0);
      const { page, fetched, errors } = await offlinePage(chromium.browser, () => false);
      await page.setContent(format === "svg" ? `<!doctype html><html><body>${r.stdout}</body></html>` : r.stdout);
      const drawn = await page.evaluate(() => ({
        containers: [...document.querySelectorAll("svg .container")].map((e) => e.getAttribute("data-name")),
        networks: [...document.querySelectorAll("svg .network")].map((e) => e.getAttribute("data-name")),
        links: [...document.querySelectorAll("svg .link")].map((e) => `${e.getAttribute("data-from")}->${e.getAttribute("data-to")}`),
        aliases: [...document.querySelectorAll("svg .alias")].map((e) => e.textContent),
        width: document.querySelector("svg")!.getBoundingClientRect().width,
      }));
      expect(drawn.containers).toEqual(["db", "legacy", "bystander", "api", "client", "outsider"]);
      expect(drawn.networks).toEqual(["app", "elsewhere", "bridge"]);
      expect(drawn.links).toEqual(["legacy->db"]);
      expect(drawn.aliases).toEqual(["backend"]);
      expect(drawn.width).toBeGreaterThan(300);
      expect(fetched).toEqual([]);
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
