import { eq, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { municipalities } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { runScheduledJobs } from "../../src/jobs/index.js";
import { refreshPublicSnapshots } from "../../src/jobs/public-snapshots.js";
import { publicPages } from "../../src/web/public-pages.js";
import { createHarness, onboard } from "../support/harness.js";
import { municipalityWithResults, SELECTED_TITLE } from "../support/public-page.js";
import { setProfile } from "../support/rounds.js";
import { person } from "../support/updates.js";

describe("public municipality page", () => {
  it("shows results, initiatives and counts in the language asked, without personal data", async () => {
    const h = await createHarness();
    const app = await municipalityWithResults(h);
    const response = await app.request("/m/balykchy?lang=ru");
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    const page = await response.text();
    expect(page).toContain('<html lang="ru">');
    expect(page).toContain("город Балыкчы (Иссык-Кульская область): итоги для жителей");
    expect(page).toContain("Жаз 2026: көчө жарыгы");
    expect(page).toContain("отобрана для финансирования");
    expect(page).toContain("Көпүрө &lt;script&gt;");
    expect(page).not.toContain(SELECTED_TITLE);
    for (const personal of ["Бермет", "bermet_author", "8888001", "+996700123456"])
      expect(page).not.toContain(personal);
    // One citizen registered: small, so shown as <5.
    expect(page).toContain("&lt;5");
    expect(new TextEncoder().encode(page).length).toBeLessThan(30_000);
  });

  it("follows the browser's language, then Kyrgyz", async () => {
    const h = await createHarness();
    const app = await municipalityWithResults(h);
    const en = await app.request("/m/balykchy", { headers: { "accept-language": "de-DE, en;q=0.8" } });
    expect(await en.text()).toContain("Balykchy city");
    expect(await (await app.request("/m/balykchy")).text()).toContain('<html lang="ky">');
  });

  it("answers an unknown municipality with 404 in the three languages", async () => {
    const h = await createHarness();
    const app = await municipalityWithResults(h);
    const response = await app.request("/m/atlantis");
    expect(response.status).toBe(404);
    const page = await response.text();
    for (const title of [
      "Айыл аймагы же шаар табылган жок",
      "Айыл аймак или город не найден",
      "Municipality not found",
    ])
      expect(page).toContain(title);
  });
});

describe("public page counts: a daily snapshot, not live", () => {
  const DAY = 24 * 60 * 60 * 1000;
  const counts = (page: string) => page.slice(page.indexOf("<h2>", page.indexOf(en("web.counts")) - 10));
  const en = translator("en");

  it("shows the counts as of the last midnight; who registers today appears only after the next one", async () => {
    const h = await createHarness();
    const app = await municipalityWithResults(h);
    // The harness clock is 30.11.2026 16:00 in Bishkek: the counts end with 29.11.2026.
    const first = await (await app.request("/m/balykchy?lang=en")).text();
    expect(first).toContain(en("web.asOf", { day: "29", month: "11", year: "2026" }));
    for (let i = 0; i < 6; i++) {
      const newcomer = person(8_870_000 + i, "en");
      await onboard(h, newcomer);
      await setProfile(h, newcomer.id, "woman", "56plus");
    }
    h.advance(10 * 60 * 1000);
    await runScheduledJobs(h.deps, h.deps.now());
    const later = await (await app.request("/m/balykchy?lang=en")).text();
    // Two fetches minutes apart differ in nothing: no one can see who just registered.
    expect(counts(later)).toBe(counts(first));

    h.advance(DAY);
    await runScheduledJobs(h.deps, h.deps.now());
    const next = await (await app.request("/m/balykchy?lang=en")).text();
    expect(next).toContain(en("web.asOf", { day: "30", month: "11", year: "2026" }));
    expect(counts(next)).not.toBe(counts(first));
  });

  it("computes the counts at most once a day, for every municipality that has none or older ones", async () => {
    const h = await createHarness();
    const active = (await h.db.select().from(municipalities).where(eq(municipalities.active, true))).length;
    expect(await refreshPublicSnapshots(h.deps, h.deps.now())).toBe(active);
    expect(await refreshPublicSnapshots(h.deps, h.deps.now() + 60 * 60 * 1000)).toBe(0);
    expect(await refreshPublicSnapshots(h.deps, h.deps.now() + DAY)).toBe(active);
  });

  it("says the counts come soon where none were computed yet", async () => {
    const h = await createHarness();
    const page = await (
      await publicPages({ database: h.database, now: h.deps.now }).request("/m/balykchy?lang=en")
    ).text();
    expect(page).toContain(en("web.noSnapshot"));
  });

  it("never computes statistics for a request, and serves the rest of the page from memory for a minute", async () => {
    const h = await createHarness();
    const app = await municipalityWithResults(h);
    // Without the tables the statistics are read from, the page still comes: it never reads them.
    for (const table of ["reports", "votes", "users"])
      await h.db.run(sql.raw(`alter table ${table} rename to ${table}_gone`));
    const first = await app.request("/m/balykchy?lang=ru");
    expect(first.status).toBe(200);
    const page = await first.text();
    // Without the rounds either, within the minute: the rounds and initiatives come from memory.
    await h.db.run(sql.raw("alter table round_initiatives rename to round_initiatives_gone"));
    await h.db.run(sql.raw("alter table rounds rename to rounds_gone"));
    expect(await (await app.request("/m/balykchy?lang=ru")).text()).toBe(page);
  });
});
