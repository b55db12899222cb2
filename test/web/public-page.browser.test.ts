import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { type BrowserContext, chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHarness } from "../support/harness.js";
import { municipalityWithResults } from "../support/public-page.js";

/** Debian's Chromium, which .ci/run installs when it is missing. */
const CHROMIUM = "/usr/bin/chromium";

describe("public page in a real browser", () => {
  let browser: BrowserContext;
  let server: ServerType;
  let base: string;
  const profile = mkdtempSync(join(tmpdir(), "yntymak-chromium-"));

  beforeAll(async () => {
    const h = await createHarness();
    const app = await municipalityWithResults(h);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // A fresh profile per run: nothing from an earlier run (cache, cookies) can make the test pass.
    browser = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      viewport: { width: 360, height: 740 },
      // A phone set to Kyrgyz: the page follows its Accept-Language.
      locale: "ky-KG",
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
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(profile, { recursive: true, force: true });
  });

  it("shows the results in Kyrgyz on a phone and switches language by its links", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/m/balykchy`);
    expect(await page.locator("html").getAttribute("lang")).toBe("ky");
    expect(await page.locator("h1").textContent()).toContain("Балыкчы шаары");
    expect(await page.locator("body").textContent()).toContain("Жаз 2026: көчө жарыгы");
    expect(await page.locator("script").count()).toBe(0);
    if (process.env.PUBLIC_PAGE_SCREENSHOT)
      await page.screenshot({ path: process.env.PUBLIC_PAGE_SCREENSHOT, fullPage: true });
    // Nothing wider than the phone's screen.
    expect(await page.locator("html").evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(360);

    await page.getByRole("link", { name: "English" }).click();
    await page.waitForURL(/lang=en/);
    expect(await page.locator("h1").textContent()).toContain("Balykchy city");
    await page.getByRole("link", { name: "Русский" }).click();
    await page.waitForURL(/lang=ru/);
    expect(await page.locator("h1").textContent()).toContain("город Балыкчы");
    expect(await page.locator("nav a[aria-current]").textContent()).toBe("Русский");
    await page.close();
  });
});
