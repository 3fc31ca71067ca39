import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

/** Debian's chromium, headless, with nothing that phones home; each launch gets a fresh profile. */
export async function launchChromium(): Promise<{ browser: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "lab-chromium-"));
  // Playwright passes the profile as --user-data-dir itself, and refuses it among the args.
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.LAB_CHROMIUM ?? "/usr/bin/chromium",
    headless: true,
    viewport: { width: 1280, height: 800 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  return {
    browser,
    close: async () => {
      await browser.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * A page that may fetch nothing: every request other than the page's own URL is aborted
 * and recorded, and so is every console error, for the test to assert on.
 */
export async function offlinePage(browser: BrowserContext, own: (url: string) => boolean): Promise<{ page: Page; fetched: string[]; errors: string[] }> {
  const page = await browser.newPage();
  const fetched: string[] = [];
  const errors: string[] = [];
  await page.route("**/*", (route) => {
    const url = route.request().url();
    if (own(url)) return route.continue();
    fetched.push(url);
    return route.abort();
  });
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, fetched, errors };
}
