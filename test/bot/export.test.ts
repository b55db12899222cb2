import { eq } from "drizzle-orm";
import { beforeEach, describe, expect, it } from "vitest";
import { initiatives, reportReporters } from "../../src/db/schema.js";
import { INITIATIVE_COLUMNS, REPORT_COLUMNS, ROUND_RESULT_COLUMNS } from "../../src/exports/csv-files.js";
import { csvRecords } from "../support/csv.js";
import { createHarness, type Harness, onboard } from "../support/harness.js";
import { submitInitiative } from "../support/initiatives.js";
import { grantRole, sendReport } from "../support/reports.js";
import { closedRound, command, documents, OFFICER } from "../support/statistics.js";
import { person, text } from "../support/updates.js";

const TRICKY = 'Суу үчүн чыр, "Ак-Жар" айылы —\nэки үй-бүлө; көпүрө, сугат';
const TITLE = 'Көчө жарыгы, "Манас" көчөсү\nэкинчи бөлүк';
const NAMED = { ...person(7_654_321, "ky", "Айгүл"), last_name: "Асанова", username: "aigul_reporter" };

describe("/export", () => {
  let h: Harness;
  beforeEach(async () => {
    h = await createHarness();
    const officer = person(OFFICER, "ru");
    await onboard(h, officer);
    await grantRole(h, OFFICER, "officer", 1);
    await onboard(h, NAMED);
    await sendReport(h, NAMED, { anonymous: false, mayContact: true, details: (w) => [text(w, TRICKY)] });
    const author = person(43, "ky");
    await onboard(h, author);
    const id = await submitInitiative(h, author);
    await h.db.update(initiatives).set({ title: TITLE, status: "selected" }).where(eq(initiatives.id, id));
    await closedRound(h, [id], Date.parse("2026-11-20T12:00:00Z"));
    h.take();
  });

  it("sends four CSV files with a byte-order mark that read back to the same text", async () => {
    const calls = await command(h, person(OFFICER, "ru"), "/export 01.11.2026-30.11.2026");
    const files = documents(calls);
    expect(files.map((f) => f.name)).toEqual([
      "yntymak-balykchy-d20261101-20261130-initiatives.csv",
      "yntymak-balykchy-d20261101-20261130-round-results.csv",
      "yntymak-balykchy-d20261101-20261130-reports.csv",
      "yntymak-balykchy-d20261101-20261130-participation.csv",
    ]);
    const [initiativeRows, roundRows, reportRows, participation] = files.map((f) => csvRecords(f.bytes));
    expect(Object.keys(initiativeRows![0]!)).toEqual([...INITIATIVE_COLUMNS]);
    expect(initiativeRows![0]).toMatchObject({ title: TITLE, status: "selected", municipality: "balykchy" });
    expect(Object.keys(roundRows![0]!)).toEqual([...ROUND_RESULT_COLUMNS]);
    expect(roundRows![0]).toMatchObject({
      rank: "1",
      initiative_title: TITLE,
      total_votes: "22",
      paper_votes: "2",
    });
    expect(Object.keys(reportRows![0]!)).toEqual([...REPORT_COLUMNS]);
    expect(reportRows![0]).toMatchObject({ text: TRICKY, category: "resources", status: "new" });
    expect(participation!.find((r) => r.table === "citizens" && r.group === "total")?.value).toBe("<5");
  });

  it("leaves out every trace of who reported, even of a reporter who chose to be named", async () => {
    const [reporter] = await h.db.select().from(reportReporters);
    expect(reporter).toMatchObject({ userId: 7_654_321, name: "Айгүл Асанова", username: "aigul_reporter" });
    const files = documents(await command(h, person(OFFICER, "ru"), "/export 01.11.2026-30.11.2026"));
    const everything = files.map((f) => new TextDecoder().decode(f.bytes)).join("\n");
    for (const trace of ["Айгүл", "Асанова", "aigul_reporter", "7654321"])
      expect(everything).not.toContain(trace);
  });

  it("is refused to citizens", async () => {
    const citizen = person(77, "en");
    await onboard(h, citizen);
    expect(documents(await command(h, citizen, "/export 01.11.2026-30.11.2026"))).toEqual([]);
  });
});
