import { execFileSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { publishBotProfile } from "../../src/bot/commands.js";
import { BUNDLED_LOCALES } from "../../src/i18n/bundled-locales.js";
import { LOCALES, translator, useLocales } from "../../src/i18n/index.js";
import { createLogger } from "../../src/logger.js";
import tajik from "../fixtures/locales/tg.json" with { type: "json" };
import { buttons, createHarness, texts } from "../support/harness.js";
import { person, press, text } from "../support/updates.js";

describe("languages are discovered from locales/*.json", () => {
  it("bundles exactly the files in locales/ (npm run locales writes the list)", () => {
    const files = readdirSync("locales")
      .filter((f) => f.endsWith(".json") && f !== "glossary.json")
      .map((f) => f.replace(/\.json$/, ""))
      .sort();
    expect(Object.keys(BUNDLED_LOCALES).sort()).toEqual(files);
    expect(LOCALES).toEqual(files);
    expect(() => execFileSync("npx", ["tsx", "scripts/bundle-locales.ts", "--check"])).not.toThrow();
  });

  it("refuses a locale file without its language's name", () => {
    expect(() => useLocales({ ...BUNDLED_LOCALES, xx: { menu: {} } })).toThrow(/language\.name/);
    useLocales(BUNDLED_LOCALES);
  });

  it("greets a person whose Telegram is set to Uzbek in Uzbek", async () => {
    const h = await createHarness();
    const aziz = person(7301, "uz");
    await h.send(text(aziz, "/start"));
    const [ask] = h.take();
    expect(ask!.payload.text).toBe(translator("uz")("onboarding.chooseLanguage"));
    expect(buttons(ask)[0]).toEqual({ text: "✅ Oʻzbekcha", data: "1|ob|lang|uz" });
    // The default language (Kyrgyz) next, then the others by code.
    expect(buttons(ask).map((b) => b.text)).toEqual(["✅ Oʻzbekcha", "Кыргызча", "English", "Русский"]);
    await h.send(press(aziz, "1|ob|lang|uz"), press(aziz, "1|ob|ok|uz"));
    const calls = h.take();
    expect(texts(calls).at(-1)).toContain(translator("uz")("profile.municipalityPrompt"));
    expect(buttons(calls.at(-1)).map((b) => b.text)).toContain("Toshkoʻmir shahri");
  });
});

describe("a fifth language from data alone", () => {
  beforeAll(() => useLocales({ ...BUNDLED_LOCALES, tg: tajik }));
  afterAll(() => useLocales(BUNDLED_LOCALES));

  it("speaks Tajik from a locale file and municipality names an admin gives", async () => {
    const h = await createHarness();
    const admin = person(900, "en");
    await h.send(text(admin, "/muni_rename sumbula tg Ҷамоати деҳоти Сумбула | ноҳияи Лайлак"));
    expect(texts(h.take())[0]).toContain("Sumbula aiyl aimak");

    const nigina = person(7302, "tg");
    await h.send(text(nigina, "/start"));
    const [ask] = h.take();
    expect(ask!.payload.text).toBe("Забонро интихоб кунед");
    expect(buttons(ask)[0]).toEqual({ text: "✅ Тоҷикӣ", data: "1|ob|lang|tg" });
    await h.send(press(nigina, "1|ob|lang|tg"));
    expect(buttons(h.take().at(-1)).map((b) => b.text)).toEqual([
      "✅ Розӣ ҳастам",
      "Розӣ нестам",
      "📄 Маълумоти бештар",
    ]);
    await h.send(press(nigina, "1|ob|ok|tg"));
    const places = h.take().at(-1);
    expect(places!.payload.text).toContain("Шумо дар кадом деҳа ё шаҳр зиндагӣ мекунед?");
    // Named in Tajik where an admin named it; the others fall back to Russian, as texts do.
    expect(buttons(places).map((b) => b.text)).toContain("Ҷамоати деҳоти Сумбула");
    expect(buttons(places).map((b) => b.text)).toContain("город Балыкчы");

    await publishBotProfile(h.bot.api, "ky", createLogger("silent"));
    const codes = h
      .take()
      .filter((c) => c.method === "setMyCommands")
      .map((c) => c.payload.language_code);
    expect(codes).toContain("tg");
  });
});
