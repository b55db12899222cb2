import { describe, expect, it } from "vitest";
import { reportReporters, reports } from "../../src/db/schema.js";
import { translator } from "../../src/i18n/index.js";
import { escalateOverdueReports } from "../../src/jobs/escalate-reports.js";
import { createLogger } from "../../src/logger.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";
import { grantRole, outboxRows, reportHistory, sendReport, withAll } from "../support/reports.js";
import { groupChat, person, press, text } from "../support/updates.js";

const reporter = {
  ...person(7_770_071, "ky", "Айсулуу"),
  last_name: "Токтосунова",
  username: "aisuluu_k",
};
const officer = { ...person(8501, "ru", "Бакыт"), username: "bakyt_officer" };
const moderator = person(8502, "en");
const group = groupChat(-100333);

/** Everything a reporter could be recognised by. */
const REPORTER_MARKS = [String(reporter.id), reporter.first_name, reporter.last_name, reporter.username];
const OFFICER_MARKS = [String(officer.id), officer.first_name, officer.username];

function leaks(value: unknown, marks: string[]): string[] {
  const json = JSON.stringify(value);
  return marks.filter((mark) => json.includes(mark));
}

/** The whole life of reports, every side of it, with logs captured. */
async function everything(h: Harness, logLines: string[]) {
  h.deps.logger = createLogger("debug", { write: (line) => logLines.push(line) });
  for (const who of [reporter, officer, moderator]) await onboard(h, who);
  await grantRole(h, officer.id, "officer", 1);
  await grantRole(h, moderator.id, "moderator");
  await h.send(text(person(900, "en"), "/officers_here balykchy", group));

  const id = await sendReport(h, reporter, { details: withAll, mayContact: true, category: "family" });
  await h.send(
    press(officer, `1|ro|a|${id}|acknowledge`, 70, group),
    press(officer, `1|ro|ask|${id}`),
    text(officer, "Is anyone hurt?"),
  );
  const question = (await reportHistory(h, id)).at(-1)!;
  await h.send(
    press(reporter, `1|rr|ans|${id}|${question.id}`),
    text(reporter, "Nobody is hurt yet."),
    press(officer, `1|ro|a|${id}|resolve`),
    press(officer, `1|ro|cmt|${id}`),
    text(officer, "The families agreed on a schedule for the water."),
    press(reporter, `1|rr|no|${id}`),
    text(officer, "/reports"),
    press(officer, `1|ro|open|${id}`),
    press(moderator, `1|ro|open|${id}`),
  );
  const ignored = await sendReport(h, reporter, { urgency: "danger" });
  h.advance(2 * 60 * 60 * 1000);
  await escalateOverdueReports(h.deps, h.deps.now());
  await h.send(press(moderator, `1|ro|m|${ignored}|abuse`));
  return id;
}

describe("the reporter's safety", () => {
  it("never shows an anonymous reporter's id, name or username to anyone else, nor logs it", async () => {
    const h = await createHarness();
    const logLines: string[] = [];
    const id = await everything(h, logLines);
    expect((await reportHistory(h, id)).map((e) => e.action)).toEqual([
      "submit",
      "acknowledge",
      "question",
      "answer",
      "resolve",
      "comment",
      "reopen",
    ]);
    expect((await reportHistory(h, id + 1)).map((e) => e.action)).toEqual(["submit", "escalate", "abuse"]);

    const toOthers = h.calls.filter((c) => c.payload.chat_id !== reporter.id);
    expect(toOthers.length).toBeGreaterThan(20);
    expect(toOthers.filter((c) => leaks(c.payload, REPORTER_MARKS).length > 0)).toEqual([]);

    const rows = await outboxRows(h);
    const staffRows = rows.filter((r) => r.chatId !== reporter.id);
    expect(new Set(staffRows.map((r) => r.chatId))).toEqual(
      new Set([officer.id, group.id, moderator.id, 900]),
    );
    expect(staffRows.filter((r) => leaks(r.payload, REPORTER_MARKS).length > 0)).toEqual([]);
    expect(staffRows.some((r) => r.payload.media?.kind === "voice")).toBe(true);

    // The relay works both ways without the officer being named either.
    const toReporter = rows.filter((r) => r.chatId === reporter.id);
    expect(toReporter.length).toBeGreaterThanOrEqual(4);
    expect(toReporter.filter((r) => leaks(r.payload, OFFICER_MARKS).length > 0)).toEqual([]);

    expect(logLines.some((line) => line.includes('"reportId"'))).toBe(true);
    expect(logLines.filter((line) => leaks(line, REPORTER_MARKS).length > 0)).toEqual([]);

    // Stored content and history do not name the reporter; only the separate link does.
    expect(leaks(await h.db.select().from(reports), REPORTER_MARKS)).toEqual([]);
    expect(leaks(await reportHistory(h, id), REPORTER_MARKS)).toEqual([]);
    expect(await h.db.select().from(reportReporters)).toEqual([
      { reportId: id, userId: reporter.id, name: null, username: null },
      { reportId: id + 1, userId: reporter.id, name: null, username: null },
    ]);
  });

  it("shows the name only of a reporter who chose to be named", async () => {
    const h = await createHarness();
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    const id = await sendReport(h, reporter, { anonymous: false });
    const [card] = await outboxRows(h);
    expect(card!.payload.text).toContain(
      translator("ru")("officer.card.reporterNamed", { name: "Айсулуу Токтосунова (@aisuluu_k)" }),
    );
    expect(card!.payload.text).not.toContain(String(reporter.id));
    expect(await h.db.select().from(reportReporters)).toEqual([
      { reportId: id, userId: reporter.id, name: "Айсулуу Токтосунова", username: "aisuluu_k" },
    ]);
  });

  it("forgets the name again when the reporter goes back and chooses anonymity", async () => {
    const h = await createHarness();
    for (const who of [reporter, officer]) await onboard(h, who);
    await grantRole(h, officer.id, "officer", 1);
    await h.send(text(reporter, "/report"));
    const [draft] = await h.db.select().from(reportReporters);
    const id = draft!.reportId;
    const steps = [
      `1|rf|cat|${id}|lsg`,
      `1|rf|urg|${id}|tension`,
      `1|rf|mun|${id}|1`,
      `1|rf|anon|${id}|n`,
      `1|rf|back|${id}|place`,
    ].map((data) => press(reporter, data));
    await h.send(...steps);
    expect((await h.db.select().from(reportReporters))[0]!.name).toBe("Айсулуу Токтосунова");
    await h.send(press(reporter, `1|rf|anon|${id}|y`), press(reporter, `1|rf|next|${id}|place`));
    await h.send(text(reporter, "The council closed the road."));
    await h.send(press(reporter, `1|rf|next|${id}|details`), press(reporter, `1|rf|next|${id}|affected`));
    await h.send(press(reporter, `1|rf|cont|${id}|n`));
    await h.send(press(reporter, `1|rf|send|${id}`));
    expect(await h.db.select().from(reportReporters)).toEqual([
      { reportId: id, userId: reporter.id, name: null, username: null },
    ]);
    const [card] = await outboxRows(h);
    expect(leaks(card!.payload, REPORTER_MARKS)).toEqual([]);
  });
});
