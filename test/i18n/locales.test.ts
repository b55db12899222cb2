import { describe, expect, it } from "vitest";
import { LOCALES, RESOURCES } from "../../src/i18n/index.js";

type Tree = { [key: string]: string | Tree };
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

function flatten(tree: Tree, prefix = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === "string") out.set(prefix + key, value);
    else for (const [k, v] of flatten(value, `${prefix}${key}.`)) out.set(k, v);
  }
  return out;
}

/** Every locale file by code; ky, ru and en are always there (English is every text's twin). */
type Flat = Record<"ky" | "ru" | "en", Map<string, string>> & Record<string, Map<string, string>>;
const flat = Object.fromEntries(LOCALES.map((l) => [l, flatten(RESOURCES[l] as Tree)])) as Flat;

/** Keys the locale lacks: every key any locale has, each plural key in every category of the language. */
function missingKeys(locale: string, all: Flat): string[] {
  const keys = Object.values(all).flatMap((m) => [...m.keys()]);
  const pluralBases = new Set(
    keys.filter((k) => PLURAL_SUFFIX.test(k)).map((k) => k.replace(PLURAL_SUFFIX, "")),
  );
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
  const needed = new Set(
    keys.flatMap((k) => {
      const base = k.replace(PLURAL_SUFFIX, "");
      return pluralBases.has(base) ? categories.map((c) => `${base}_${c}`) : [k];
    }),
  );
  return [...needed].filter((k) => !all[locale]!.get(k)?.trim());
}

const variables = (s: string) =>
  [...new Set([...s.matchAll(/\{\{-?\s*(\w+)\s*\}\}/g)].map((m) => m[1]))].sort();

/**
 * Each text against its English twin. A plural form is compared with English `_other` (Russian
 * `_few` and `_many` have no English key), and may leave `count` out: "one photo".
 */
function placeholderMismatches(locale: string, all: Flat): string[] {
  return [...all[locale]!].flatMap(([key, text]) => {
    const plural = PLURAL_SUFFIX.test(key);
    const en = all.en.get(key) ?? (plural ? all.en.get(key.replace(PLURAL_SUFFIX, "_other")) : undefined);
    if (en === undefined) return [];
    const names = (s: string) => variables(s).filter((v) => !plural || v !== "count");
    return JSON.stringify(names(text)) === JSON.stringify(names(en)) ? [] : [key];
  });
}

/** A `_few` in Kyrgyz or English is never read: i18next asks each language only for its own categories. */
function extraPluralForms(locale: string, all: Flat): string[] {
  const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories as string[];
  return [...all[locale]!.keys()].filter((k) => {
    const match = PLURAL_SUFFIX.exec(k);
    return match !== null && !categories.includes(match[1]!);
  });
}

describe("locale files", () => {
  for (const locale of LOCALES) {
    it(`${locale} has every key, with every plural form its language needs`, () => {
      expect(missingKeys(locale, flat)).toEqual([]);
    });

    it(`${locale} uses the same placeholders as English, in every plural form`, () => {
      expect(placeholderMismatches(locale, flat)).toEqual([]);
    });

    it(`${locale} has only the plural forms its language uses`, () => {
      expect(extraPluralForms(locale, flat)).toEqual([]);
    });
  }

  it("Kyrgyz is written in Kyrgyz, not left in English or Russian", () => {
    const copied = [...flat.ky].filter(
      ([key, ky]) =>
        /[a-z]{4,}/i.test(
          ky.replace(/<[^>]+>|\{\{[^}]+\}\}|\/\w+|Telegram|ID|slug|ky|ru|en|Yntymak|English/g, ""),
        ) && !key.startsWith("onboarding.chooseLanguage"),
    );
    expect(copied.map(([k]) => k)).toEqual([]);
    const kyrgyzLetters = [...flat.ky.values()].filter((v) => /[өүң]/i.test(v)).length;
    expect(kyrgyzLetters).toBeGreaterThan(flat.ky.size / 3);
  });

  it("catches a missing Kyrgyz string and a missing Russian plural form", () => {
    const doctored: Flat = { ky: new Map(flat.ky), ru: new Map(flat.ru), en: new Map(flat.en) };
    doctored.ky.delete("menu.title");
    doctored.en.set("votes_one", "{{count}} vote").set("votes_other", "{{count}} votes");
    doctored.ky.set("votes_other", "{{count}} добуш");
    doctored.ru.set("votes_one", "{{count}} голос").set("votes_other", "{{count}} голоса");
    expect(missingKeys("ky", doctored).sort()).toEqual(["menu.title", "votes_one"]);
    expect(missingKeys("ru", doctored).sort()).toEqual(["votes_few", "votes_many"]);
    expect(missingKeys("en", doctored)).toEqual([]);
  });

  it("catches a plural form with a wrong placeholder or in a category the language lacks", () => {
    const doctored: Flat = { ky: new Map(flat.ky), ru: new Map(flat.ru), en: new Map(flat.en) };
    doctored.en.set("seats_one", "one seat in {{place}}").set("seats_other", "{{count}} seats in {{place}}");
    doctored.ru
      .set("seats_few", "{{count}} места в {{city}}")
      .set("seats_many", "{{count}} мест в {{place}}");
    doctored.ky.set("seats_few", "{{count}} орун {{place}}");
    expect(placeholderMismatches("ru", doctored)).toEqual(["seats_few"]);
    expect(placeholderMismatches("en", doctored)).toEqual([]);
    expect(extraPluralForms("ky", doctored)).toEqual(["seats_few"]);
    expect(extraPluralForms("ru", doctored)).toEqual([]);
  });
});
