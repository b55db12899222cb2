import type { User } from "grammy/types";
import { describe, expect, it } from "vitest";
import { labelWidth, rowLimit } from "../../src/domain/text.js";
import { LOCALES } from "../../src/i18n/index.js";
import { type ApiCall, createHarness, type Harness, onboard } from "../support/harness.js";
import { fillDraft, grant, submitInitiative } from "../support/initiatives.js";
import { sendReport } from "../support/reports.js";
import { openRoundNow } from "../support/rounds.js";
import { contact, person, press, text } from "../support/updates.js";

interface Button {
  text: string;
  callback_data?: string;
}

/** Each label wider than its row allows: "label (width > limit)". */
function tooWide(calls: ApiCall[]): string[] {
  const found = new Set<string>();
  for (const call of calls) {
    const markup = call.payload.reply_markup;
    const rows: Button[][] = markup?.inline_keyboard ?? markup?.keyboard ?? [];
    for (const row of rows) {
      const limit = rowLimit(row.length);
      for (const button of row) {
        const label = typeof button === "string" ? button : button.text;
        if (labelWidth(label) > limit) found.add(`${label} (${labelWidth(label)} > ${limit})`);
      }
    }
  }
  return [...found].sort();
}

/**
 * Callback data a crawl must not press: it would end what the crawl explores (forget, discard,
 * cancel, withdraw, block, revoke, close a round) or change the person's language or place.
 */
const NOT_PRESSED = [
  /^1\|forget\|confirm\|yes$/,
  /^1\|ini\|discard\|/,
  /^1\|rf\|cancel\|/,
  /^1\|my\|wdy\|/,
  /^1\|blk\|\w+y\|/,
  /^1\|adm\|rv\|/,
  /^1\|rnd\|cly\|/,
  /^1\|ob\|/,
  /^1\|lang\|set\|/,
  /^1\|mun\|set\|/,
];

/**
 * Presses every button the bot showed to `people`, breadth first, once each (up to 500),
 * adding every call to `seen`: the screens behind the menus are built with the real data.
 */
async function crawl(
  h: Harness,
  people: User[],
  seen: ApiCall[],
  pressed = new Set<string>(),
): Promise<void> {
  const byChat = new Map(people.map((p) => [p.id, p]));
  for (let i = 0; i < seen.length && pressed.size < 500; i++) {
    const call = seen[i]!;
    const who = byChat.get(Number(call.payload.chat_id));
    const rows: Button[][] = call.payload.reply_markup?.inline_keyboard ?? [];
    if (!who) continue;
    for (const button of rows.flat()) {
      const data = button.callback_data;
      if (!data || NOT_PRESSED.some((p) => p.test(data)) || pressed.has(`${who.id}:${data}`)) continue;
      pressed.add(`${who.id}:${data}`);
      h.advance(1_000);
      await h.send(press(who, data));
      seen.push(...h.take());
    }
  }
}

describe("button labels fit a phone", () => {
  it("counts an emoji as two and knows the row widths", () => {
    const call = (rows: string[][]): ApiCall => ({
      method: "sendMessage",
      payload: { reply_markup: { inline_keyboard: rows.map((r) => r.map((text) => ({ text }))) } },
    });
    expect(tooWide([call([["🏗 Башталганды бүтүрүү"]])])).toEqual([]);
    expect(tooWide([call([["💡 Propose", "📂 My initiatives"]])])).toEqual(["📂 My initiatives (17 > 16)"]);
    expect(tooWide([call([["1", "2", "⬅️ Back to it"]])])).toEqual(["⬅️ Back to it (13 > 10)"]);
  });

  for (const locale of LOCALES) {
    it(`in ${locale}, over the main flows of citizens, officers, moderators and admins`, async () => {
      const h = await createHarness();
      const citizen = person(8101, locale);
      const officer = person(8102, locale);
      const moderator = person(8103, locale);
      const admin = person(900, locale);
      const seen: ApiCall[] = [];
      const send = async (...updates: Parameters<Harness["send"]>) => {
        await h.send(...updates);
        seen.push(...h.take());
      };

      // Onboarding as a new person sees it, then the profile's questions.
      await send(text(citizen, "/start"), press(citizen, `1|ob|lang|${locale}`));
      await send(press(citizen, `1|ob|ok|${locale}`), press(citizen, "1|ob|mun|1"));
      await send(press(citizen, "1|ob|gender|skip"));
      await send(press(citizen, "1|ob|age|skip"));
      for (const who of [officer, moderator, admin]) await onboard(h, who);
      await grant(h, officer.id, "officer", 1);
      await grant(h, moderator.id, "moderator");

      // An initiative to its summary and sent; a report sent; notices delivered to staff.
      const draft = await fillDraft(h, citizen);
      seen.push(...h.take());
      await send(press(citizen, `1|ini|edit|${draft}`));
      await send(text(citizen, "/propose"));
      await sendReport(h, citizen);
      seen.push(...h.take());
      await h.dispatch();
      seen.push(...h.take());
      await send(text(citizen, "/report"));

      // A round open for voting with the phone check.
      const author = person(8104, locale);
      await onboard(h, author);
      for (let i = 0; i < 2; i++)
        await send(press(moderator, `1|mod|ok|${await submitInitiative(h, author)}|1`));
      await send(press(moderator, `1|mod|rej|${await submitInitiative(h, author)}|1`));
      const round = await openRoundNow(h, officer.id, { requirePhone: true });
      await h.dispatch();
      seen.push(...h.take());
      await send(text(citizen, "/vote"), contact(citizen, "+996700123456"), text(citizen, "/vote"));
      // A round drafted in the bot, each step answered as an officer types it.
      for (const answer of ["/newround", "Budget 2031", "31.12.2030 18:00", "01.01.2031 09:00"])
        await send(text(officer, answer));
      for (const answer of ["10.01.2031 18:00", "3", "100000", "20000"]) await send(text(officer, answer));

      for (const who of [citizen, officer, moderator, admin])
        for (const command of ["/menu", "/my", "/myreports", "/vote", "/results", "/initiatives", "/help"])
          await send(text(who, command));
      for (const command of ["/reports", "/rounds", "/stats", "/export", "/queue"])
        await send(text(officer, command));
      await send(text(moderator, "/queue"));
      for (const command of ["/admin", "/stats", "/export", "/blocked", "/newround"])
        await send(text(admin, command));
      await send(text(citizen, "/forget"), text(citizen, "/language"), text(citizen, "/municipality"));
      // Someone from the municipality with the longest name sees it ticked as theirs.
      const karaBuura = person(8105, locale);
      await onboard(h, karaBuura, 5);
      await send(text(karaBuura, "/municipality"), text(karaBuura, "/propose"));

      const staffAndCitizen = [citizen, officer, moderator, admin];
      const pressed = new Set<string>();
      await crawl(h, staffAndCitizen, seen, pressed);
      // What the presses told others (the reporter's notices, their buttons), then their screens.
      await h.dispatch();
      seen.push(...h.take());
      await crawl(h, staffAndCitizen, seen, pressed);
      // The round closed, its panel offers the commission's steps for each initiative.
      await send(press(officer, `1|rnd|cly|${round.id}`), press(officer, `1|rnd|v|${round.id}`));
      await send(press(officer, seen.at(-1)!.payload.reply_markup.inline_keyboard[0][0].callback_data));
      await send(press(officer, `1|rnd|v|${round.id}`));
      const labelled = seen.filter((c) => c.payload.reply_markup);
      expect(labelled.length).toBeGreaterThan(50);
      expect(tooWide(seen)).toEqual([]);
    });
  }
});
