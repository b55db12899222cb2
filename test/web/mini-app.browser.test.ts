import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findReport, referenceOfReport } from "../../src/db/repo/reports.js";
import { reportCards, reports } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness } from "../support/harness.js";
import { OFFICERS_GROUP, phoneChromium, workspace } from "../support/mini-app.js";
import { municipalityWithResults, SELECTED_TITLE } from "../support/public-page.js";
import { outboxRows } from "../support/reports.js";

/** A folder to keep a screenshot of each view in (docs/ for the README), as PUBLIC_PAGE_SCREENSHOT does. */
const SHOTS = process.env.MINI_APP_SCREENSHOTS;
const ky = translator("ky");
const ru = translator("ru");

/**
 * What telegram-web-app.js gives a Mini App: the signed init data and a dark theme; with
 * `download`, Bot API 8.0's downloadFile, which records what it was asked for.
 */
function telegramStub(initData: string, download = false) {
  return `window.Telegram={WebApp:{initData:${JSON.stringify(initData)},version:"${download ? "8.0" : "7.0"}",
    themeParams:{bg_color:"#17212b",text_color:"#f5f5f5",hint_color:"#708499",link_color:"#6ab3f3",
      button_color:"#5288c1",button_text_color:"#ffffff",secondary_bg_color:"#232e3c"},
    ${download ? "downloadFile(p){window.__download=p}," : ""}ready(){window.__ready=true},expand(){}}};`;
}

describe("staff workspace in a real browser", () => {
  let browser: BrowserContext;
  let server: ServerType;
  let base: string;
  let w: Awaited<ReturnType<typeof workspace>>;
  const profile = mkdtempSync(join(tmpdir(), "yntymak-chromium-"));

  beforeAll(async () => {
    // A closed round with its results and published counts, beside the reports.
    const h = await createHarness();
    await municipalityWithResults(h);
    w = await workspace(h);
    server = await new Promise<ServerType>((resolve) => {
      const s = serve({ fetch: w.app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
    });
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    browser = await phoneChromium(profile);
    if (SHOTS) mkdirSync(SHOTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(profile, { recursive: true, force: true });
  });

  const shot = (page: Page, name: string) =>
    SHOTS ? page.screenshot({ path: join(SHOTS, `mini-app-${name}.png`) }) : Promise.resolve();

  it("an officer lists, filters, opens and acknowledges a report; the reporter and the officers' group hear of it", async () => {
    const page = await browser.newPage();
    await page.addInitScript(telegramStub(w.initDataOf(w.officer)));
    await page.goto(`${base}/app`);
    const items = page.locator("a[data-report]");
    await expect.poll(() => items.count()).toBe(3);
    expect(await page.locator("html").getAttribute("lang")).toBe("ky");
    expect(await page.evaluate("window.__ready")).toBe(true);
    // Urgent first; the theme is Telegram's (dark here).
    expect(await items.first().getAttribute("data-report")).toBe(String(w.reports.urgent));
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe("rgb(23, 33, 43)");
    expect(await page.locator("html").evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, "reports");

    await page.getByLabel(ky("app.filter.category")).selectOption("family");
    await expect.poll(() => items.count()).toBe(1);
    expect(await items.first().getAttribute("data-report")).toBe(String(w.reports.family));
    await page.getByLabel(ky("app.filter.category")).selectOption("all");
    await page.getByLabel(ky("app.filter.urgency")).selectOption("danger");
    await expect.poll(() => items.count()).toBe(1);

    await items.first().click();
    const card = page.locator("#report");
    await expect.poll(() => card.getAttribute("data-status")).toBe("new");
    expect(await card.textContent()).toContain(ky("report.status.new"));
    await shot(page, "report");
    const before = (await outboxRows(w.h)).at(-1)?.id ?? 0;
    await page.getByRole("button", { name: ky("officer.actions.acknowledge") }).click();
    await expect.poll(() => card.getAttribute("data-status")).toBe("acknowledged");
    expect(await page.getByRole("status").textContent()).toBe(
      ky("app.done", { status: ky("report.status.acknowledged") }),
    );
    expect(await page.locator("ul:not(.l) li").last().textContent()).toContain(
      ky("report.status.acknowledged"),
    );

    const rows = (await outboxRows(w.h)).filter((r) => r.id > before);
    // The reporter (ru), silently and without the officer's name, as from the bot's button.
    const toReporter = rows.filter((r) => r.chatId === w.reporter.id);
    expect(toReporter).toHaveLength(1);
    expect(toReporter[0]!.toReporter).toBe(true);
    expect(toReporter[0]!.payload.text).toContain(
      ru("report.notify.acknowledged", {
        reference: referenceOfReport((await findReport(w.h.db, w.reports.urgent))!),
      }),
    );
    // The dispatcher tells the reporter, and edits the card the officers' group (set up in English)
    // got: the message recorded at its delivery, now at the new status.
    const [groupCard] = (await w.h.db.select().from(reportCards)).filter(
      (c) => c.reportId === w.reports.urgent && c.chatId === OFFICERS_GROUP,
    );
    await w.h.dispatch();
    const calls = w.h.take();
    expect(calls.filter((c) => c.method === "sendMessage").map((c) => c.payload.chat_id)).toEqual([
      w.reporter.id,
    ]);
    const edited = calls.filter(
      (c) => c.method === "editMessageText" && c.payload.chat_id === OFFICERS_GROUP,
    );
    expect(edited.map((c) => c.payload.message_id)).toEqual([groupCard!.messageId]);
    expect(edited[0]!.payload.text).toContain(translator("en")("report.status.acknowledged"));

    // A comment for the reporter from the same screen.
    await page.getByLabel(ky("app.note")).fill("Биз келип көрөбүз.");
    await page.getByRole("button", { name: ky("app.comment") }).click();
    await expect.poll(() => page.getByRole("status").textContent()).toBe(ky("app.noteSent"));
    const note = (await outboxRows(w.h)).at(-1)!;
    expect(note.chatId).toBe(w.reporter.id);
    expect(note.payload.text).toContain("Биз келип көрөбүз.");
    await page.close();
  });

  it("shows initiatives, rounds with results, and the statistics of the officer's municipality", async () => {
    const page = await browser.newPage();
    await page.addInitScript(telegramStub(w.initDataOf(w.officer)));
    await page.goto(`${base}/app`);
    await expect.poll(() => page.locator("a[data-report]").count()).toBeGreaterThan(0);
    const tab = (name: string) => page.locator("nav a", { hasText: ky(`app.tabs.${name}`) });

    await tab("initiatives").click();
    await page.getByLabel(ky("app.filter.status")).selectOption("selected");
    await expect.poll(() => page.locator("main").textContent()).toContain(SELECTED_TITLE);
    await shot(page, "initiatives");

    await tab("rounds").click();
    await expect.poll(() => page.locator("nav a[aria-current]").textContent()).toBe(ky("app.tabs.rounds"));
    expect(await page.locator("main table").count()).toBe(1);
    expect(await page.locator("main").textContent()).toContain(SELECTED_TITLE);
    await shot(page, "rounds");

    await tab("stats").click();
    await expect.poll(() => page.locator("nav a[aria-current]").textContent()).toBe(ky("app.tabs.stats"));
    expect(await page.locator("main").textContent()).toContain(ky("stats.reports"));
    // The officer of Balykchy sees Balykchy only, with the bot's chart, all time by default.
    expect(await page.locator("main h2").count()).toBe(1);
    expect(await page.locator("#chart").isVisible()).toBe(true);
    expect(await page.locator("html").evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(360);
    await shot(page, "stats");
    // The period, as /stats offers it: this month.
    await page.getByLabel(ky("app.period")).selectOption("month");
    await expect
      .poll(() => page.getByRole("link", { name: ky("app.csv") }).getAttribute("download"))
      .toBe("yntymak-balykchy-month-participation.csv");
    expect(await page.locator("#chart").textContent()).toContain(ky("stats.chart.reportsPerMonth"));
    // Outside Telegram 8.0 the link downloads as any link does, without the init data header.
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: ky("app.csv") }).click(),
    ]);
    expect(download.suggestedFilename()).toBe("yntymak-balykchy-month-participation.csv");
    await page.close();
  });

  it("inside Telegram 8.0 the CSV goes to downloadFile at a signed address the server honours without init data", async () => {
    const page = await browser.newPage();
    await page.addInitScript(telegramStub(w.initDataOf(w.officer), true));
    await page.goto(`${base}/app`);
    await expect.poll(() => page.locator("a[data-report]").count()).toBeGreaterThan(0);
    await page.locator("nav a", { hasText: ky("app.tabs.stats") }).click();
    await page.getByRole("link", { name: ky("app.csv") }).click();
    const asked = (await page.evaluate("window.__download")) as { url: string; file_name: string };
    expect(asked.file_name).toBe("yntymak-balykchy-all-participation.csv");
    expect(asked.url).toMatch(new RegExp(`^${base}/app/f/1/all\\.csv\\?u=${w.officer.id}&e=\\d+&s=`));
    // What Telegram's app then fetches: no header, no cookie.
    const file = await fetch(asked.url);
    expect(file.status).toBe(200);
    // The file /export sends: machine-readable columns, the same in every language.
    expect(await file.text()).toMatch(/^table,dimension,group,value\r\ncitizens,/);
    expect((await fetch(asked.url.replace(/s=.{4}/, "s=AAAA"))).status).toBe(401);
    await page.close();
  });

  it("a later open takes the page from the browser's cache and asks only for the view", async () => {
    const first = await browser.newPage();
    await first.goto(`${base}/app`);
    await first.close();
    const page = await browser.newPage();
    await page.addInitScript(telegramStub(w.initDataOf(w.officer)));
    const requests: string[] = [];
    page.on("requestfinished", (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${base}/app`);
    await expect.poll(() => page.locator("a[data-report]").count()).toBeGreaterThan(0);
    // The navigation came from the disk cache (nothing transferred); the view over the network.
    const transferred = await page.evaluate('performance.getEntriesByType("navigation")[0].transferSize');
    expect(transferred).toBe(0);
    expect(requests.filter((p) => p.startsWith("/app/v/"))).toEqual(["/app/v/reports"]);
    await page.close();
  });

  it("opened from a bot button, the list comes in the page itself: one request; then on with the init data", async () => {
    const page = await browser.newPage();
    await page.addInitScript(telegramStub(w.initDataOf(w.officer)));
    const requests: string[] = [];
    page.on("requestfinished", (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${base}${await w.passAddressOf(w.officer)}`);
    const items = page.locator("a[data-report]");
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(3);
    await page.waitForLoadState("networkidle");
    expect(requests).toEqual(["/app"]);
    expect(await page.locator("html").getAttribute("lang")).toBe("ky");
    expect(await page.evaluate("window.__ready")).toBe(true);
    expect(await page.evaluate("getComputedStyle(document.body).backgroundColor")).toBe("rgb(23, 33, 43)");
    // Everything after goes with the init data, as from the plain page.
    await page.getByLabel(ky("app.filter.category")).selectOption("family");
    await expect.poll(() => items.count()).toBe(1);
    expect(requests).toEqual(["/app", "/app/v/reports"]);
    await page.close();
  });

  it("an expired or forged pass shows nothing by itself", async () => {
    const maxAge = w.h.deps.config.miniAppMaxAgeSeconds;
    const expired = await w.passAddressOf(w.officer, (maxAge + 1) * 1000);
    const forged = (await w.passAddressOf(w.officer)).replace(
      `pass=${w.officer.id}.`,
      `pass=${w.elsewhere.id}.`,
    );
    for (const address of [expired, forged]) {
      const page = await browser.newPage();
      await page.goto(`${base}${address}`);
      await expect.poll(() => page.locator("#app").getAttribute("data-refused")).toBe("1");
      expect((await page.locator("#app").textContent())?.trim()).toBe("");
      await page.close();
    }
  });

  it("shows nothing to a page opened without init data", async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/app`);
    await expect.poll(() => page.locator("#app").getAttribute("data-refused")).toBe("1");
    expect((await page.locator("#app").textContent())?.trim()).toBe("");
    await page.close();
  });

  it("pages past the first 30 reports with the filter kept", async () => {
    const [sample] = await w.h.db.select().from(reports).where(eq(reports.id, w.reports.youth));
    const { id: _id, ...fields } = sample!;
    for (let i = 0; i < 31; i++) await w.h.db.insert(reports).values({ ...fields, refSeq: 200 + i });
    const page = await browser.newPage();
    await page.addInitScript(telegramStub(w.initDataOf(w.officer)));
    await page.goto(`${base}/app`);
    const items = page.locator("a[data-report]");
    await expect.poll(() => items.count()).toBe(30);
    await page.getByLabel(ky("app.filter.category")).selectOption("youth");
    await expect.poll(() => page.locator("#count").textContent()).toBe(ky("app.count", { count: 32 }));
    const firstPage = await items.evaluateAll((links) => links.map((a) => a.getAttribute("data-report")));
    await page.getByRole("link", { name: ky("app.next") }).click();
    await expect.poll(() => items.count()).toBe(2);
    const secondPage = await items.evaluateAll((links) => links.map((a) => a.getAttribute("data-report")));
    expect(new Set([...firstPage, ...secondPage]).size).toBe(32);
    expect(await page.getByLabel(ky("app.filter.category")).inputValue()).toBe("youth");
    await page.getByRole("link", { name: ky("app.prev") }).click();
    await expect.poll(() => items.count()).toBe(30);
    await page.close();
  });
});
