import { describe, expect, it } from "vitest";
import { createHarness } from "../support/harness.js";
import { municipalityWithResults, SELECTED_TITLE } from "../support/public-page.js";

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
    for (const title of ["Муниципалитет табылган жок", "Муниципалитет не найден", "Municipality not found"])
      expect(page).toContain(title);
  });
});
