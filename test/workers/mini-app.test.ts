import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reports, staff, users } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { PASS_PARAMETER, workspacePass } from "../../src/staff/signature.js";
import { INIT_DATA_HEADER } from "../../src/web/app/routes.js";
import { BOT_INFO, TOKEN } from "../support/harness.js";
import { signedInitData } from "../support/mini-app.js";
import { withLocalD1 } from "./seed.js";
import { startWranglerDev, type WranglerDev, wrangler } from "./wrangler.js";

const OFFICER = 7101;
let worker: WranglerDev;
let persistTo: string;
let reportId: number;

beforeAll(async () => {
  persistTo = mkdtempSync(join(tmpdir(), "yntymak-workers-app-"));
  await wrangler(["d1", "migrations", "apply", "DB", "--local", `--persist-to=${persistTo}`]);
  await withLocalD1(persistTo, async ({ db }) => {
    const now = Date.now();
    await seedMunicipalities(db);
    await db.insert(users).values({ id: OFFICER, locale: "ky", consentAt: now, onboardedAt: now });
    await db
      .insert(staff)
      .values({ userId: OFFICER, role: "officer", municipalityId: 1, grantedBy: 900, createdAt: now });
    const [report] = await db
      .insert(reports)
      .values({
        municipalityId: 1,
        status: "new",
        category: "resources",
        urgency: "recent",
        text: "Water dispute at the canal",
        anonymous: true,
        mayContact: false,
        refYear: 2026,
        refSeq: 1,
        submittedAt: now,
        updatedAt: now,
      })
      .returning();
    reportId = report!.id;
  });
  worker = await startWranglerDev({
    persistTo,
    vars: {
      BOT_TOKEN: TOKEN,
      WEBHOOK_SECRET: "workers-test-secret-0123456789",
      PHONE_HASH_KEY: "worker-test-hash-key-0123456789abcdef0123",
      BOT_INFO: JSON.stringify(BOT_INFO),
      ADMIN_IDS: "900",
      LOG_LEVEL: "warn",
    },
  });
}, 90_000);

afterAll(async () => {
  await worker?.stop();
  if (persistTo) rmSync(persistTo, { recursive: true, force: true });
});

describe("the staff workspace on Workers (wrangler dev, workerd, local D1)", () => {
  it("serves the page, checks the init data and a button's pass with Web Crypto, lists and acknowledges a report", async () => {
    const page = await fetch(`${worker.url}/app`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("X-Telegram-Init-Data");

    expect((await fetch(`${worker.url}/app/v/reports`)).status).toBe(401);
    const initData = signedInitData({ id: OFFICER }, Date.now());
    const forged = initData.replace(/hash=[0-9a-f]+/, `hash=${"1".repeat(64)}`);
    expect(
      (await fetch(`${worker.url}/app/v/reports`, { headers: { [INIT_DATA_HEADER]: forged } })).status,
    ).toBe(401);

    const headers = { [INIT_DATA_HEADER]: initData };
    const list = await fetch(`${worker.url}/app/v/reports`, { headers });
    expect(list.status).toBe(200);
    expect(await list.text()).toContain(`data-report="${reportId}"`);
    // Opened from a bot button: the pass, checked with Web Crypto too, brings the list in the page.
    const pass = await workspacePass(TOKEN, OFFICER, Date.now(), 3600);
    const passed = await fetch(`${worker.url}/app?${PASS_PARAMETER}=${pass}`);
    expect(passed.headers.get("cache-control")).toBe("no-store");
    expect(await passed.text()).toContain(`data-report="${reportId}"`);
    const forgedPass = pass.replace(`${OFFICER}.`, "7102.");
    expect(await (await fetch(`${worker.url}/app?${PASS_PARAMETER}=${forgedPass}`)).text()).not.toContain(
      "data-report",
    );
    const acted = await fetch(`${worker.url}/app/v/reports/${reportId}/act`, {
      method: "POST",
      headers: { ...headers, "content-type": "application/x-www-form-urlencoded" },
      body: "action=acknowledge",
    });
    expect(acted.status).toBe(200);
    expect(await acted.text()).toContain('data-status="acknowledged"');
  });
});
