import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startYamlLanguageServer, type YamlLanguageServer } from "./support/yaml-language-server.js";

// What an editor shows from the published schema, asked of the real yaml-language-server.
const schema = fileURLToPath(new URL("../schema/scenario.schema.json", import.meta.url));

const SCENARIO = [
  `# yaml-language-server: $schema=${schema}`,
  "name: editor-check",
  "networks:",
  "  app: {}",
  "containers:",
  "  web:",
  "    image: busybox",
  "    networks:",
  "      app:",
  "        aliases: [www]",
  "  db:",
  "    imagee: busybox",
  "  cache:",
  "    ",
  "",
].join("\n");

describe("editors, through yaml-language-server", () => {
  let server: YamlLanguageServer;
  let dir: string;
  let uri: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "lab-editor-"));
    server = await startYamlLanguageServer();
    uri = await server.open(join(dir, "editor.yaml"), SCENARIO);
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("shows a key's description on hover", async () => {
    const text = await server.hover(uri, 9, 10);
    expect(text).toContain("Extra DNS names for the container on this network");
  });

  it("offers a container's keys inside a container map", async () => {
    const labels = await server.completion(uri, 13, 4);
    expect(labels).toEqual(expect.arrayContaining(["image", "networks", "ports", "environment", "wait"]));
    expect(labels).not.toContain("steps");
  });

  it("marks a typo'd key", async () => {
    const diagnostics = await server.diagnostics(uri);
    const typo = diagnostics.find((d) => d.line === 11);
    expect(typo?.message).toMatch(/imagee/);
    expect(typo?.character).toBe(4);
  });
});
