import i18next from "i18next";
import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/domain/text.js";
import { FALLBACK_LOCALES, LOCALES, RESOURCES, translator } from "../../src/i18n/index.js";

describe("translator", () => {
  it("gives the same text for a key on every call, and still fills in values when given some", () => {
    const t = translator("en");
    expect(t("profile.done")).toBe("Done! You are registered.");
    expect(t("profile.done")).toBe("Done! You are registered.");
    expect(t("profile.municipalityChosen", { name: "Ak-Jar" })).toBe("📍 Municipality: Ak-Jar");
    expect(t("profile.municipalityChosen", { name: "Kara-Suu" })).toBe("📍 Municipality: Kara-Suu");
  });

  it("keeps each language's texts apart", () => {
    expect(translator("ky")("profile.done")).not.toBe(translator("en")("profile.done"));
    expect(translator("ru")("profile.done")).toBe(translator("ru")("profile.done"));
    expect(translator("ky")("profile.done")).toBe("Даяр! Каттоо аяктады.");
  });
});

/** Every key of a locale file with a text, as i18next names it (`a.b.c`). */
function keysOf(tree: object, prefix = ""): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "object" && value !== null ? keysOf(value, `${prefix}${key}.`) : [`${prefix}${key}`],
  );
}

describe("texts filled in without i18next", () => {
  // The same settings as src/i18n/index.ts, in an i18next of its own: what the texts must equal.
  const reference = i18next.createInstance();
  reference.init({
    resources: Object.fromEntries(LOCALES.map((l) => [l, { translation: RESOURCES[l] as object }])),
    supportedLngs: [...LOCALES],
    fallbackLng: [...FALLBACK_LOCALES],
    initAsync: false,
    returnNull: false,
    interpolation: { escapeValue: true, escape: escapeHtml },
  });
  const tricky = `<b>"Ak-Jar" & 'Kara-Suu'</b>`;

  it("equal i18next's for every key of every language, values HTML-escaped", () => {
    let compared = 0;
    for (const locale of LOCALES) {
      const t = translator(locale);
      const expected = reference.getFixedT(locale);
      for (const key of keysOf(RESOURCES[locale] as object)) {
        const text = String(reference.getResource(locale, "translation", key) ?? "");
        const names = [...text.matchAll(/\{\{-?\s*(\w+)/g)].map((m) => m[1]!);
        const values = Object.fromEntries(names.map((name, i) => [name, i % 2 ? 42 : tricky]));
        expect(t(key, values), `${locale} ${key}`).toBe(expected(key, values));
        expect(t(key), `${locale} ${key} without values`).toBe(expected(key));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });

  it("leave plurals, a value not given and unknown keys to i18next", () => {
    const t = translator("en");
    const expected = reference.getFixedT("en");
    expect(t("initiative.attachmentCount.photo", { count: 1 })).toBe(
      expected("initiative.attachmentCount.photo", { count: 1 }),
    );
    expect(t("initiative.attachmentCount.photo", { count: 3 })).toBe(
      expected("initiative.attachmentCount.photo", { count: 3 }),
    );
    expect(t("profile.municipalityChosen", {})).toBe(expected("profile.municipalityChosen", {}));
    expect(t("no.such.key", { name: "x" })).toBe("no.such.key");
  });
});
