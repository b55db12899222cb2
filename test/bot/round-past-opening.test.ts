import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";
import { buttons, createHarness, lastWithKeyboard, texts } from "../support/harness.js";
import { HOUR, roundCast, roundRow } from "../support/rounds.js";
import { person, press, text } from "../support/updates.js";

const ky = translator("ky");

/** /newround up to the summary, with the opening time typed as given; returns the round's id. */
async function draftOpeningAt(
  h: Awaited<ReturnType<typeof createHarness>>,
  officer: ReturnType<typeof person>,
  opens: string,
) {
  await h.send(text(officer, "/newround"), text(officer, "Жол 2027"));
  await h.send(text(officer, "29.11.2026 12:00"), text(officer, opens), text(officer, "05.12.2026 18:00"));
  const votesStep = lastWithKeyboard(h.take())!;
  const roundId = Number(buttons(votesStep)[0]!.data.split("|")[3]);
  await h.send(
    press(officer, `1|rnd|skip|${roundId}|votes`),
    press(officer, `1|rnd|skip|${roundId}|budget`),
    press(officer, `1|rnd|skip|${roundId}|maxPer`),
    press(officer, `1|rnd|ph|${roundId}|0`),
    press(officer, `1|rnd|sum|${roundId}`),
  );
  h.take();
  return roundId;
}

describe("a round whose opening time has passed", () => {
  async function setUp() {
    const h = await createHarness();
    const author = person(9801, "ky");
    const moderator = person(9802, "en");
    const officer = person(9803, "ky");
    await roundCast(h, { author, moderator, officer }, 1);
    return { h, officer };
  }

  it("asks 'open now?' instead of opening silently, and opens only when the officer says so", async () => {
    const { h, officer } = await setUp();
    // The harness's clock reads 16:00 in Bishkek on 29.11.2026: 14:30 has passed.
    const roundId = await draftOpeningAt(h, officer, "29.11.2026 14:30");
    await h.send(press(officer, `1|rnd|ok|${roundId}`));
    const question = lastWithKeyboard(h.take())!;
    expect(question.payload.text).toBe(ky("round.pastOpening", { date: "29.11.2026 14:30" }));
    expect(buttons(question)).toEqual([
      { text: ky("round.openNow"), data: `1|rnd|now|${roundId}` },
      { text: ky("round.otherOpening"), data: `1|rnd|when|${roundId}` },
    ]);
    expect((await roundRow(h, roundId)).status).toBe("draft");

    h.advance(HOUR);
    await h.send(press(officer, `1|rnd|now|${roundId}`));
    expect(await roundRow(h, roundId)).toMatchObject({
      status: "open",
      openedAt: h.deps.now(),
      opensAt: h.deps.now(),
    });
  });

  it("lets the officer type another time, and schedules a future one without asking", async () => {
    const { h, officer } = await setUp();
    const roundId = await draftOpeningAt(h, officer, "29.11.2026 14:30");
    await h.send(press(officer, `1|rnd|ok|${roundId}`));
    h.take();
    await h.send(press(officer, `1|rnd|when|${roundId}`));
    expect(texts(h.take()).at(-1)).toBe(ky("round.steps.opens"));
    await h.send(text(officer, "30.11.2026 09:00"));
    h.take();
    await h.send(press(officer, `1|rnd|sum|${roundId}`), press(officer, `1|rnd|ok|${roundId}`));
    expect(texts(h.take()).at(-1)).toContain(
      ky("round.scheduled", { title: "Жол 2027", count: 3 }).slice(0, 20),
    );
    expect(await roundRow(h, roundId)).toMatchObject({
      status: "scheduled",
      opensAt: Date.parse("2026-11-30T03:00:00Z"),
    });
  });
});
