import { describe, expect, it } from "vitest";
import { privacyNotice, privacySummary } from "../../src/bot/views/privacy-notice.js";
import { users } from "../../src/db/schema.js";
import { LOCALES, translator } from "../../src/i18n/index.js";
import { buttons, createHarness, onboard, texts } from "../support/harness.js";
import { person, press, text } from "../support/updates.js";

describe("the privacy notice", () => {
  for (const locale of LOCALES) {
    it(`names who runs the bot (OPERATOR_NAME), escaped, on /privacy and the consent screen in ${locale}`, async () => {
      const h = await createHarness({ env: { OPERATOR_NAME: 'Fund "Yntymak" <KG> & partners' } });
      const who = person(8950, locale);
      await h.send(text(who, "/start"), press(who, `1|ob|lang|${locale}`));
      const consent = texts(h.take()).at(-1)!;
      await onboard(h, who);
      await h.send(text(who, "/privacy"));
      const notice = texts(h.take()).at(-1)!;
      for (const shown of [consent, notice]) {
        expect(shown).toContain("Fund &quot;Yntymak&quot; &lt;KG&gt; &amp; partners");
        expect(shown).not.toContain("{{");
      }
    });
  }

  for (const locale of LOCALES) {
    it(`shows a short first screen with the emergency numbers, and the full notice under "More", in ${locale}`, async () => {
      const h = await createHarness();
      const t = translator(locale);
      const who = person(8952, locale);
      await h.send(text(who, "/start"), press(who, `1|ob|lang|${locale}`));
      const first = h.take().at(-1)!;
      const [welcome, summary, emergency] = first.payload.text.split("\n\n");
      expect(welcome.split("\n")).toHaveLength(3);
      expect(summary).toBe(privacySummary(t, undefined));
      expect(summary.length).toBeLessThan(400);
      expect(emergency).toBe(t("emergency.line"));
      expect(emergency).toMatch(/102.*112/);
      expect(buttons(first).map((b) => b.data)).toEqual([
        `1|ob|ok|${locale}`,
        `1|ob|no|${locale}`,
        `1|ob|more|${locale}`,
      ]);
      // "More" shows the whole notice in place; consent is still a press of its own.
      await h.send(press(who, `1|ob|more|${locale}`));
      const more = h.take().at(-1)!;
      expect(more.method).toBe("editMessageText");
      expect(more.payload.text).toBe(privacyNotice(t, undefined));
      expect(buttons(more).map((b) => b.data)).toEqual([`1|ob|ok|${locale}`, `1|ob|no|${locale}`]);
      expect(await h.db.select().from(users)).toEqual([]);
      await h.send(press(who, `1|ob|ok|${locale}`));
      expect((await h.db.select().from(users)).map((u) => u.locale)).toEqual([locale]);
    });
  }

  it("says where to ask when OPERATOR_NAME is not set", async () => {
    const h = await createHarness();
    const who = person(8951, "ky");
    await onboard(h, who);
    await h.send(text(who, "/privacy"));
    expect(texts(h.take()).at(-1)).toContain(translator("ky")("privacy.operatorUnknown"));
  });
});
