import { describe, expect, it } from "vitest";
import { labelWidth } from "../../src/domain/text.js";
import { translator } from "../../src/i18n/index.js";
import { advanceRounds } from "../../src/jobs/rounds.js";
import { buttons, createHarness, lastWithKeyboard, onboard, texts } from "../support/harness.js";
import { grant, initiative, outboxRows } from "../support/initiatives.js";
import { approvedInitiatives, HOUR, openRoundNow, roundRow, votesOf } from "../support/rounds.js";
import { contact, person, press, text } from "../support/updates.js";

const en = translator("en");
const ru = translator("ru");

async function setUp() {
  const h = await createHarness();
  const author = person(9101, "ru");
  const moderator = person(9102, "en");
  const officer = person(9103, "en");
  for (const who of [author, moderator, officer]) await onboard(h, who);
  await grant(h, officer.id, "officer", 1);
  const ids = await approvedInitiatives(h, author, moderator, 3);
  return { h, author, moderator, officer, ids };
}

const answers = (calls: { method: string; payload: { text?: string } }[]) =>
  calls.filter((c) => c.method === "answerCallbackQuery").map((c) => c.payload.text);

describe("voting", () => {
  it("an officer creates a round in a short flow; it opens with an announcement to every active citizen", async () => {
    const { h, officer, ids } = await setUp();
    const citizen = person(9104, "ky");
    await onboard(h, citizen);
    await h.send(text(officer, "/newround"));
    expect(texts(h.take()).at(-1)).toBe(en("round.steps.title"));
    await h.send(text(officer, "Budget 2027"));
    expect(texts(h.take()).at(-1)).toBe(en("round.steps.deadline"));
    await h.send(text(officer, "31.02.2026 10:00"));
    expect(texts(h.take()).at(-1)).toContain(en("round.errors.date"));
    await h.send(text(officer, "01.12.2026 18:00"), text(officer, "30.11.2026 15:00"));
    h.take();
    await h.send(text(officer, "02.12.2026 20:00"));
    const votesStep = lastWithKeyboard(h.take())!;
    expect(votesStep.payload.text).toBe(en("round.steps.votes"));
    const roundId = Number(buttons(votesStep)[0]!.data.split("|")[3]);
    await h.send(
      press(officer, `1|rnd|skip|${roundId}|votes`),
      text(officer, "100000"),
      text(officer, "47 000"),
    );
    await h.send(press(officer, `1|rnd|ph|${roundId}|0`));
    const list = lastWithKeyboard(h.take())!;
    expect(
      buttons(list)
        .map((b) => b.data)
        .slice(0, 3),
    ).toEqual(ids.map((id) => `1|rnd|inc|${roundId}|${id}`));
    await h.send(press(officer, `1|rnd|inc|${roundId}|${ids[2]}`), press(officer, `1|rnd|sum|${roundId}`));
    const summary = lastWithKeyboard(h.take())!;
    expect(summary.payload.text).toContain(en("round.reach", { count: 4 }));
    await h.send(press(officer, `1|rnd|ok|${roundId}`));
    expect(texts(h.take()).at(-1)).toBe(en("round.scheduled", { title: "Budget 2027", count: 4 }));
    expect(await roundRow(h, roundId)).toMatchObject({
      status: "scheduled",
      votesPerVoter: 3,
      totalBudget: 100_000,
      maxPerInitiative: 47_000,
      opensAt: Date.parse("2026-11-30T09:00:00Z"),
    });
    expect((await initiative(h, ids[0]!)).status).toBe("in_round");
    expect((await initiative(h, ids[2]!)).status).toBe("approved");

    const before = (await outboxRows(h)).length;
    await advanceRounds(h.deps, Date.parse("2026-11-30T09:00:00Z"));
    await advanceRounds(h.deps, Date.parse("2026-11-30T09:05:00Z"));
    const rows = (await outboxRows(h)).slice(before);
    const announcements = rows.filter((r) => r.bulk);
    expect(announcements.map((r) => r.chatId).sort()).toEqual([9101, 9102, 9103, 9104]);
    expect(announcements.find((r) => r.chatId === 9101)!.payload.text).toContain("Budget 2027");
    expect(
      announcements.find((r) => r.chatId === 9101)!.payload.buttons?.inline_keyboard[0]?.[0],
    ).toMatchObject({
      text: ru("vote.announcementButton"),
      callback_data: `1|vote|open|${roundId}`,
    });
    expect(rows.filter((r) => !r.bulk).map((r) => [r.chatId, r.payload.text])).toEqual([
      [officer.id, en("round.opened", { title: "Budget 2027", count: 4 })],
    ]);
    expect((await roundRow(h, roundId)).reached).toBe(4);
  });

  it("toggles votes within the limit, refuses the rest, and never counts twice", async () => {
    const { h, officer, ids } = await setUp();
    const voter = person(9105, "en");
    const neighbour = person(9106, "en");
    await onboard(h, voter);
    await onboard(h, neighbour, 2);
    const round = await openRoundNow(h, officer.id, { votesPerVoter: 2 });
    h.take();

    await h.send(text(voter, "/vote"));
    const ballot = lastWithKeyboard(h.take())!;
    expect(ballot.payload.text).toContain(en("vote.used", { used: 0, limit: 2 }));
    const t = (id: number) => `1|vote|t|${round.id}|${id}`;
    // Each toggle names its initiative, shortened to a phone's full row (an emoji counts two).
    const toggles = buttons(ballot).filter((b) => b.data.startsWith(`1|vote|t|`));
    expect(toggles.map((b) => b.data)).toEqual(ids.map(t));
    expect(toggles[0]!.text).toBe("▫️ 1. Street lights on Manas…");
    for (const toggle of toggles) expect(labelWidth(toggle.text)).toBeLessThanOrEqual(30);
    const rows = ballot.payload.reply_markup.inline_keyboard as unknown[][];
    expect(rows.slice(0, ids.length).every((row) => row.length === 1)).toBe(true);
    await h.send(press(voter, t(ids[0]!)), press(voter, t(ids[1]!)), press(voter, t(ids[2]!)));
    const calls = h.take();
    expect(answers(calls)).toEqual([
      en("vote.added"),
      en("vote.added"),
      en("vote.refused.limit", { limit: 2 }),
    ]);
    expect(calls.filter((c) => c.method === "editMessageText").at(-1)?.payload.text).toContain(
      en("vote.used", { used: 2, limit: 2 }),
    );
    // Taking one back frees a vote for another initiative.
    await h.send(press(voter, t(ids[0]!)), press(voter, t(ids[2]!)));
    expect(answers(h.take())).toEqual([en("vote.removed"), en("vote.added")]);
    expect((await votesOf(h, round.id)).map((v) => v.initiativeId).sort()).toEqual([ids[1], ids[2]].sort());

    // The same update twice is handled once.
    const again = press(voter, t(ids[1]!));
    await h.send(again, again);
    expect(answers(h.take())).toEqual([en("vote.removed")]);

    // Refusals: another municipality, an initiative not in the round, a forged round, a blocked user.
    await h.send(
      press(neighbour, t(ids[0]!)),
      press(voter, `1|vote|t|${round.id}|99999`),
      press(voter, `1|vote|t|777|${ids[0]}`),
    );
    expect(answers(h.take())).toEqual([
      en("vote.refused.otherMunicipality"),
      en("vote.refused.notInRound"),
      en("errors.staleButton"),
    ]);
    await h.db.run(`update users set status = 'blocked' where id = ${voter.id}` as never);
    await h.send(press(voter, t(ids[0]!)));
    expect(answers(h.take())).toEqual([en("vote.refused.blocked")]);
    expect(await votesOf(h, round.id)).toHaveLength(1);
  });

  it("moving to another municipality takes back the votes of its open round, and only those", async () => {
    const { h, officer, ids } = await setUp();
    const voter = person(9120, "en");
    const stayer = person(9121, "en");
    for (const who of [voter, stayer]) await onboard(h, who, 1);
    const round = await openRoundNow(h, officer.id, { votesPerVoter: 2 });
    const t = (id: number) => `1|vote|t|${round.id}|${id}`;
    await h.send(press(voter, t(ids[0]!)), press(voter, t(ids[1]!)), press(stayer, t(ids[0]!)));
    h.take();

    await h.send(text(voter, "/municipality"), press(voter, "1|mun|set|2"));
    const moved = h.take().find((c) => c.method === "editMessageText");
    expect(moved?.payload.text).toContain(en("municipality.votesWithdrawn"));
    expect((await votesOf(h, round.id)).map((v) => v.voterId)).toEqual([stayer.id]);
    // Back home, they may vote again while the round is open, under the same limit.
    await h.send(press(voter, "1|mun|set|1"));
    expect(h.take().find((c) => c.method === "editMessageText")?.payload.text).not.toContain(
      en("municipality.votesWithdrawn"),
    );
    await h.send(press(voter, t(ids[2]!)));
    expect(answers(h.take())).toEqual([en("vote.added")]);
    expect(await votesOf(h, round.id)).toHaveLength(2);

    // A closed round was counted: moving afterwards changes nothing in it.
    await advanceRounds(h.deps, round.closesAt! + HOUR);
    await h.send(press(voter, "1|mun|set|3"));
    expect(await votesOf(h, round.id)).toHaveLength(2);
  });

  it("two different updates racing for the last vote: the database lets only one in", async () => {
    const { h, officer, ids } = await setUp();
    const voter = person(9107, "en");
    await onboard(h, voter);
    const round = await openRoundNow(h, officer.id, { votesPerVoter: 1 });
    h.take();
    await Promise.all([
      h.bot.handleUpdate(press(voter, `1|vote|t|${round.id}|${ids[0]}`)),
      h.bot.handleUpdate(press(voter, `1|vote|t|${round.id}|${ids[1]}`)),
    ]);
    expect(await votesOf(h, round.id)).toHaveLength(1);
    expect(answers(h.take()).sort()).toEqual(
      [en("vote.added"), en("vote.refused.limit", { limit: 1 })].sort(),
    );
  });

  it("refuses before opening and after closing", async () => {
    const { h, officer, ids } = await setUp();
    const voter = person(9108, "en");
    await onboard(h, voter);
    const round = await openRoundNow(h, officer.id);
    await h.db.run(
      `update rounds set status = 'scheduled', opens_at = ${h.deps.now() + HOUR} where id = ${round.id}` as never,
    );
    await h.send(press(voter, `1|vote|t|${round.id}|${ids[0]}`));
    expect(answers(h.take())).toEqual([en("vote.refused.notOpenYet")]);
    await h.db.run(
      `update rounds set status = 'open', opens_at = 0, closes_at = ${h.deps.now()} where id = ${round.id}` as never,
    );
    await h.send(press(voter, `1|vote|t|${round.id}|${ids[0]}`));
    expect(answers(h.take())).toEqual([en("vote.refused.closed")]);
    expect(await votesOf(h, round.id)).toHaveLength(0);
  });

  it("with a phone check: refuses someone else's contact and one number from two accounts", async () => {
    const { h, officer, ids } = await setUp();
    const ann = person(9109, "en");
    const bob = person(9110, "en");
    await onboard(h, ann);
    await onboard(h, bob);
    const round = await openRoundNow(h, officer.id, { requirePhone: true });
    h.take();
    await h.send(press(ann, `1|vote|t|${round.id}|${ids[0]}`));
    expect(texts(h.take())).toEqual([en("vote.phone.ask")]);
    await h.send(contact(ann, "+996700111222", 12345));
    expect(texts(h.take())).toEqual([en("vote.phone.notOwn")]);
    await h.send(contact(ann, "+7 701 111 22 33"));
    expect(texts(h.take())).toEqual([en("vote.phone.notKyrgyz")]);
    await h.send(contact(ann, "996700111222"));
    // One message: the ballot, headed by the confirmation.
    const shown = texts(h.take());
    expect(shown).toHaveLength(1);
    expect(shown[0]).toMatch(new RegExp(`^${en("vote.phone.confirmed")}`));
    expect(shown[0]).toContain(en("vote.used", { used: 0, limit: 2 }));
    await h.send(contact(bob, "+996 700 111 222"));
    expect(texts(h.take())).toEqual([en("vote.phone.taken")]);
    await h.send(press(bob, `1|vote|t|${round.id}|${ids[0]}`), press(ann, `1|vote|t|${round.id}|${ids[0]}`));
    expect(answers(h.take())).toEqual([undefined, en("vote.added")]);
    expect((await votesOf(h, round.id)).map((v) => v.voterId)).toEqual([ann.id]);
    const stored = await h.db.all<{ phone_hash: string }>("select phone_hash from voter_phones" as never);
    expect(JSON.stringify(stored)).not.toContain("700111222");
  });

  it("paper votes, early close, results with <5, and the commission's steps told to authors and voters", async () => {
    const { h, author, officer, ids } = await setUp();
    const voters = [9111, 9112, 9113, 9114, 9115, 9116].map((id) => person(id, id === 9111 ? "ky" : "en"));
    for (const v of voters) await onboard(h, v);
    for (const v of voters)
      await h.db.run(`update users set gender = 'woman', age_band = '18-28' where id = ${v.id}` as never);
    await h.db.run(`update users set gender = 'man', age_band = '56plus' where id = 9116` as never);
    const round = await openRoundNow(h, officer.id);
    const citizen = person(9120, "en");
    await onboard(h, citizen);
    for (const v of voters) await h.send(press(v, `1|vote|t|${round.id}|${ids[1]}`));
    await h.send(press(voters[0]!, `1|vote|t|${round.id}|${ids[0]}`));
    h.take();
    // A citizen cannot enter paper votes or close the round.
    await h.send(press(citizen, `1|rnd|pp|${round.id}|${ids[2]}`), press(citizen, `1|rnd|cly|${round.id}`));
    expect(answers(h.take())).toEqual([en("errors.notAllowed"), en("errors.notAllowed")]);
    await h.send(press(officer, `1|rnd|pp|${round.id}|${ids[2]}`), text(officer, "40"));
    h.take();
    await h.send(press(officer, `1|rnd|cly|${round.id}`));
    h.take();
    const closed = await roundRow(h, round.id);
    expect(closed.status).toBe("closed");
    expect(closed.results!.ranking.map((r) => [r.initiativeId, r.online, r.paper, r.total])).toEqual([
      [ids[2], 0, 40, 40],
      [ids[1], 6, 0, 6],
      [ids[0], 1, 0, 1],
    ]);
    expect(closed.results!.participation).toMatchObject({
      // One group under 5: the other is hidden too, or 6 - 5 would name the "<5"; and the
      // number of voters as well, or "6 = * + <5" with a * of at least 5 would make the <5 a 1.
      voters: "*",
      byGender: { woman: "*", man: "<5", undisclosed: 0 },
      byAge: { "18-28": "*", "56plus": "<5" },
    });
    expect((await initiative(h, ids[0]!)).status).toBe("shortlisted");
    const results = (await outboxRows(h)).filter((r) =>
      r.dedupeKey?.startsWith(`round:${round.id}:results:`),
    );
    expect(results.map((r) => r.chatId).sort()).toEqual(
      [author.id, officer.id, ...voters.map((v) => v.id)].sort(),
    );
    expect(results.find((r) => r.chatId === author.id)!.payload.text).toContain(
      ru("results.byGender", { list: "" }).trim(),
    );
    expect(results.find((r) => r.chatId === 9112)!.payload.text).toContain("&lt;5");

    await h.send(press(voters[1]!, `1|vote|t|${round.id}|${ids[0]}`));
    expect(answers(h.take())).toEqual([en("vote.refused.closed")]);
    await h.send(text(citizen, "/results"));
    expect(texts(h.take())[0]).toContain(en("results.voters", { count: "*" }));

    // Forged selection by a citizen changes nothing; the officer selects and later reports.
    await h.send(press(citizen, `1|rnd|sel|${round.id}|${ids[1]}`));
    expect(answers(h.take())).toEqual([en("errors.notAllowed")]);
    await h.send(press(officer, `1|rnd|sel|${round.id}|${ids[1]}`), text(officer, "45 000"));
    await h.send(press(officer, `1|rnd|ns|${round.id}|${ids[0]}`));
    h.take();
    expect((await initiative(h, ids[1]!)).status).toBe("selected");
    expect((await initiative(h, ids[0]!)).status).toBe("not_selected");
    await h.send(
      press(officer, `1|rnd|im|${round.id}|${ids[1]}`),
      text(officer, "Ten lamps shine on Manas street."),
    );
    h.take();
    expect((await initiative(h, ids[1]!)).status).toBe("implemented");
    const rows = await outboxRows(h);
    const told = (status: string) =>
      rows
        .filter((r) => r.dedupeKey?.includes(`:initiative:${ids[1]}:${status}:`))
        .map((r) => [r.chatId, r.payload.text]);
    const title = "Street lights on Manas street";
    const reference = "I-2026-0002";
    expect(told("selected")).toContainEqual([
      author.id,
      ru("results.outcome.selected", { title, reference, amount: "45\u00a0000" }),
    ]);
    expect(told("selected")).toContainEqual([
      9111,
      translator("ky")("results.outcome.selected", { title, reference, amount: "45\u00a0000" }),
    ]);
    expect(told("selected")).toHaveLength(7);
    expect(told("implemented")).toContainEqual([
      9112,
      en("results.outcome.implemented", { title, reference, report: "Ten lamps shine on Manas street." }),
    ]);
  });
});
