// Rewrites the pictures section of docs/labs.md from scenarios/ (run through `npm run docs:labs`, which builds first).
import { readFile, writeFile } from "node:fs/promises";
import { labsPictures, withPictures } from "../dist/graph/labs-doc.js";
import { loadScenarios } from "../dist/scenario/load-scenario.js";

const { scenarios, diagnostics } = await loadScenarios(["scenarios/"]);
if (diagnostics.length) throw new Error(`scenarios/ has invalid files:\n${diagnostics.map((d) => `${d.file}:${d.line}:${d.col}: ${d.message}`).join("\n")}`);
const doc = await readFile("docs/labs.md", "utf8");
await writeFile("docs/labs.md", withPictures(doc, labsPictures(scenarios)));
console.log(`docs/labs.md: ${scenarios.length} pictures`);
