import { chromium } from "playwright-core";
const b = await chromium.launchPersistentContext("/tmp/graph-prof", { executablePath: "/usr/bin/chromium", headless: true, args: ["--no-sandbox","--disable-gpu"], viewport: { width: 1300, height: 700 } });
const p = await b.newPage();
for (const f of process.argv.slice(2)) { await p.goto("file://" + f); await p.screenshot({ path: f.replace(/\.html$/, ".png"), fullPage: true }); }
await b.close();
