import { describe, expect, it } from "vitest";
import glossary from "../../locales/glossary.json" with { type: "json" };
import { LOCALES, RESOURCES } from "../../src/i18n/index.js";

/**
 * locales/GLOSSARY.md chooses one word per concept; locales/glossary.json, beside it, lists the
 * words to avoid: wrong words nowhere, staff words not on a citizen's screen.
 */
type Tree = { [key: string]: string | Tree };
type Locale = (typeof LOCALES)[number];
type Avoid = { avoid: string; use: string };
type PerLanguage = Partial<Record<string, Avoid[]>>;

function flatten(tree: Tree, prefix = ""): [string, string][] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === "string"
      ? [[prefix + key, value] as [string, string]]
      : flatten(value, `${prefix}${key}.`),
  );
}

const startsWithAny = (key: string, prefixes: string[]) =>
  prefixes.some((p) => key === p || key.startsWith(p));

/** Staff keys are the listed prefixes, except the few of them that reach citizens (a rejection reason, the author's notice). */
function isCitizenKey(key: string): boolean {
  return !startsWithAny(key, glossary.staffOnlyKeys) || startsWithAny(key, glossary.citizenKeysAmongStaff);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** "word*" matches every word that starts so; "word" or "two words" only as whole words. Case does not matter. */
function matcher(term: string): RegExp {
  const stem = term.endsWith("*");
  const body = escapeRegExp(stem ? term.slice(0, -1) : term).replace(/ /g, "\\s+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}${stem ? "" : "(?![\\p{L}\\p{N}])"}`, "iu");
}

/** What a reader sees: no tags, no placeholders, no commands. */
const visible = (text: string) => text.replace(/<[^>]+>|\{\{[^}]+\}\}|\/\w+/g, " ");

function offences(locale: Locale, entries: [string, string][]): string[] {
  const everywhere = (glossary.avoid.everywhere as PerLanguage)[locale] ?? [];
  const citizens = (glossary.avoid.citizens as PerLanguage)[locale] ?? [];
  return entries.flatMap(([key, text]) => {
    const terms = isCitizenKey(key) ? [...everywhere, ...citizens] : everywhere;
    return terms
      .filter((t) => matcher(t.avoid).test(visible(text)))
      .map((t) => `${key}: «${t.avoid}» -> «${t.use}»`);
  });
}

describe("glossary", () => {
  for (const locale of LOCALES) {
    it(`${locale}: citizens read only citizen terms, and no text uses a word the glossary rejects`, () => {
      expect(offences(locale, flatten(RESOURCES[locale] as Tree))).toEqual([]);
    });
  }

  it("tells citizen keys from staff keys", () => {
    expect(isCitizenKey("report.steps.contact")).toBe(true);
    expect(isCitizenKey("menu.municipality")).toBe(true);
    expect(isCitizenKey("moderation.reasons.notLsg")).toBe(true);
    expect(isCitizenKey("moderation.author.approved")).toBe(true);
    expect(isCitizenKey("blocking.paused")).toBe(true);
    expect(isCitizenKey("menu.admin")).toBe(false);
    expect(isCitizenKey("officer.card.noContact")).toBe(false);
    expect(isCitizenKey("round.reach_other")).toBe(false);
    expect(isCitizenKey("moderation.approve")).toBe(false);
  });

  it("catches a staff word on a citizen's screen, a wrong word anywhere, and lets staff keep their terms", () => {
    const doctored: [string, string][] = [
      ["profile.municipalityPrompt", "Кайсы муниципалитетте жашайсыз?"],
      ["round.reach_other", "Кулактурууну {{count}} тургун алат."],
      ["admin.municipalities", "Муниципалитеттер"],
      ["report.steps.place", "Жериңизди жөнөтүңүз (📎 → Геопозиция)."],
      ["initiative.nav.skip", "⏭ Өткөрүү"],
    ];
    expect(offences("ky", doctored)).toEqual([
      "profile.municipalityPrompt: «муниципалитет*» -> «айыл аймагы же шаар»",
      "round.reach_other: «кулактуруу*» -> «кулактандыруу»",
      "initiative.nav.skip: «өткөрүү» -> «Өткөрүп жиберүү»",
    ]);
    expect(offences("ru", [["report.categories.lsg", "ОМСУ и сообщество"]])).toHaveLength(1);
    expect(offences("ru", [["admin.inviteOfficer", "Пригласить сотрудника ОМСУ"]])).toEqual([]);
    expect(offences("en", [["round.steps.phone", "one number, one voice"]])).toHaveLength(1);
  });
});
