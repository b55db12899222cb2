import { describe, expect, it } from "vitest";
import { awaiting, rounds } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { createHarness, onboard, texts } from "../support/harness.js";
import { grantRole, reportHistory, sendReport } from "../support/reports.js";
import { groupChat, person, press, text } from "../support/updates.js";

const en = translator("en");
const OFFICERS_GROUP = -100_445;
const group = groupChat(OFFICERS_GROUP);

describe("one wait per person", () => {
  it("a Comment pressed in the officers' group during /newround takes the next message, not the round", async () => {
    const h = await createHarness();
    const reporter = person(8500, "ru");
    const officer = person(8501, "en");
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    await h.send(text(person(900, "en"), "/officers_here balykchy", group));
    const id = await sendReport(h, reporter, { mayContact: true });
    h.take();

    await h.send(text(officer, "/newround"));
    expect(texts(h.take()).at(-1)).toBe(en("round.steps.title"));
    await h.send(press(officer, `1|ro|cmt|${id}`, 61, group));
    h.take();
    await h.send(text(officer, "Please call the village head"));

    expect(texts(h.take())).toEqual([en("officer.commentSent")]);
    expect((await reportHistory(h, id)).at(-1)).toMatchObject({
      action: "comment",
      comment: "Please call the village head",
    });
    const [draft] = await h.db.select().from(rounds);
    expect(draft!.title).toBeNull();
    expect(await h.db.select().from(awaiting)).toEqual([]);
  });

  it("a new wait replaces the old one: the round question asked after a comment prompt gets the text", async () => {
    const h = await createHarness();
    const reporter = person(8502, "ru");
    const officer = person(8503, "en");
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    await h.send(text(person(900, "en"), "/officers_here balykchy", group));
    const id = await sendReport(h, reporter, { mayContact: true });
    await h.send(press(officer, `1|ro|cmt|${id}`, 61, group));
    await h.send(text(officer, "/newround"));
    h.take();
    await h.send(text(officer, "Budget 2027"));
    const [draft] = await h.db.select().from(rounds);
    expect(draft!.title).toBe("Budget 2027");
    expect((await reportHistory(h, id)).map((e) => e.action)).not.toContain("comment");
    expect(await h.db.select().from(awaiting)).toMatchObject([
      { userId: officer.id, kind: "round.draft", subjectId: draft!.id },
    ]);
  });
});
