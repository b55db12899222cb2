import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ServerType, serve } from "@hono/node-server";
import { eq } from "drizzle-orm";
import { reports } from "../src/db/schema.js";
import { createWebApp, withCompression } from "../src/server.js";
import { phoneChromium, workspace } from "../test/support/mini-app.js";
import { type Figures, round } from "./figures.js";

/** Chrome DevTools' "Slow 3G" preset (front_end/core/sdk/NetworkManager.ts): 400 kbit/s, 2 s latency. */
const SLOW_3G = {
  offline: false,
  latency: 400 * 5,
  downloadThroughput: ((500 * 1000) / 8) * 0.8,
  uploadThroughput: ((500 * 1000) / 8) * 0.8,
};
/** A full first page of the list (the app shows 30). */
const REPORTS = 30;
const RUNS = 3;

interface Load {
  ms: number;
  /** Compressed, headers included, of what came over the network (not from the cache). */
  bytes: number;
  /** Requests that went over the network. */
  requests: number;
}

/**
 * The staff workspace's load under "Slow 3G" in Debian's Chromium at phone size, from navigation
 * to the reports list on screen, and what went over the wire (compressed, headers included: CDP's
 * encodedDataLength; the browser's cache excluded). Three ways in: from a bot button (its address
 * carries a pass, so the page comes with the list: one request), from the menu button the first
 * time (plain address, empty cache: the page, then the view its script asks for with the init
 * data), and from the menu button later (the page from the cache, the view alone). Baseline in the
 * same run: the public page of the same municipality, one server-rendered request with no script,
 * under the same throttling.
 */
export async function runMiniAppBench(): Promise<Figures> {
  const w = await workspace();
  const [sample] = await w.h.db.select().from(reports).where(eq(reports.id, w.reports.urgent));
  const { id: _id, ...fields } = sample!;
  for (let i = 0; i < REPORTS - 3; i++)
    await w.h.db
      .insert(reports)
      .values({ ...fields, refSeq: 100 + i, urgent: i % 5 === 0, category: i % 2 ? "family" : "youth" });
  const app = withCompression(createWebApp({ database: w.h.database, now: w.h.deps.now }, w.h.deps));
  const server = await new Promise<ServerType>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: "127.0.0.1", port: 0 }, () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = mkdtempSync(join(tmpdir(), "yntymak-bench-chromium-"));
  const browser = await phoneChromium(profile);
  const initData = w.initDataOf(w.officer);

  async function load(url: string, shown: string, options: { cold: boolean }): Promise<Load> {
    const page = await browser.newPage();
    const cdp = await browser.newCDPSession(page);
    await cdp.send("Network.enable");
    if (options.cold) await cdp.send("Network.clearBrowserCache");
    await cdp.send("Network.emulateNetworkConditions", SLOW_3G);
    let bytes = 0;
    const cached = new Set<string>();
    const finished = new Set<string>();
    cdp.on("Network.requestServedFromCache", (e: { requestId: string }) => cached.add(e.requestId));
    cdp.on("Network.responseReceived", (e: { requestId: string; response: { fromDiskCache?: boolean } }) => {
      if (e.response.fromDiskCache) cached.add(e.requestId);
    });
    cdp.on("Network.loadingFinished", (e: { requestId: string; encodedDataLength: number }) => {
      finished.add(e.requestId);
      if (!cached.has(e.requestId)) bytes += e.encodedDataLength;
    });
    const started = performance.now();
    await page.goto(url, { waitUntil: "commit" });
    await page.waitForSelector(shown, { timeout: 60_000 });
    const ms = performance.now() - started;
    // Whatever is still in flight belongs to the load too.
    await page.waitForLoadState("networkidle");
    await page.close();
    const requests = [...finished].filter((id) => !cached.has(id)).length;
    return { ms, bytes, requests };
  }

  const best = (loads: Load[]) => loads.reduce((a, b) => (b.ms < a.ms ? b : a));
  try {
    const button: Load[] = [];
    const menu: Load[] = [];
    const later: Load[] = [];
    const baseline: Load[] = [];
    // As Telegram opens it: the init data in the address's # part, which the browser never sends.
    const hash = `#tgWebAppData=${encodeURIComponent(initData)}&tgWebAppVersion=8.0`;
    for (let i = 0; i < RUNS; i++) {
      button.push(
        await load(`${base}${await w.passAddressOf(w.officer)}${hash}`, "a[data-report]", { cold: true }),
      );
      menu.push(await load(`${base}/app${hash}`, "a[data-report]", { cold: true }));
      later.push(await load(`${base}/app${hash}`, "a[data-report]", { cold: false }));
      baseline.push(await load(`${base}/m/balykchy`, "h1", { cold: true }));
    }
    const [a, m, b, p] = [best(button), best(menu), best(later), best(baseline)];
    const ways: [string, Load][] = [
      ["first open from a bot button (pass)", a],
      ["first open from the menu button (plain, empty cache)", m],
      ["later open (page cached)", b],
    ];
    return {
      throttling: "Slow 3G (2 s latency, 400 kbit/s)",
      "reports in the list": REPORTS,
      ...Object.fromEntries(
        ways.flatMap(([name, load]) => [
          [`${name}: time to the list, ms (best of ${RUNS})`, Math.round(load.ms)],
          [`${name}: bytes on the wire`, load.bytes],
          [`${name}: requests`, load.requests],
          [`${name}: time / baseline`, round(load.ms / p.ms, 2)],
          [`${name}: bytes / baseline`, round(load.bytes / p.bytes, 2)],
        ]),
      ),
      "public page (baseline): time to show, ms": Math.round(p.ms),
      "public page (baseline): bytes": p.bytes,
      "public page (baseline): requests": p.requests,
      "largest first open bytes / 60 KB target": round(Math.max(a.bytes, m.bytes) / 61_440, 3),
    };
  } finally {
    await browser.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(profile, { recursive: true, force: true });
  }
}
