import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { person, press, text } from "../support/updates.js";

describe("the privacy notice", () => {
  for (const locale of ["ky", "ru", "en"] as const) {
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

  it("says where to ask when OPERATOR_NAME is not set", async () => {
    const h = await createHarness();
    const who = person(8951, "ky");
    await onboard(h, who);
    await h.send(text(who, "/privacy"));
    expect(texts(h.take()).at(-1)).toContain(translator("ky")("privacy.operatorUnknown"));
  });
});
