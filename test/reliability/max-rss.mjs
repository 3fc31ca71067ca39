// Preloaded into the runner (`node --import`) by the load suite: at exit, the process's peak
// resident memory goes to the file named by LAB_MAX_RSS_FILE.
import { writeFileSync } from "node:fs";

const file = process.env.LAB_MAX_RSS_FILE;
if (file) process.on("exit", () => writeFileSync(file, JSON.stringify({ maxRssKb: process.resourceUsage().maxRSS })));
