import { eq, type SQL, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { read } from "../../src/db/database.js";
import { readPublicPage } from "../../src/db/repo/public-page.js";
import { moderatorsRead, officersRead } from "../../src/db/repo/recipients.js";
import { draftFlowRead, newDraftWrite, reporterRead } from "../../src/db/repo/reports.js";
import { reportTimesRead } from "../../src/db/repo/submissions.js";
import { reportFlows, reports } from "../../src/db/schema.js";
import { openTestDatabase } from "./test-database.js";

// A D1 batch gives rows keyed by column name, so a read selecting one name twice would shift the
// fields after it (src/db/d1.ts); SQLite gives them by position and reads such a query right, so
// this file runs in the d1 project only (vitest.config.ts).
describe("a read of a D1 batch", () => {
  it("is refused, before the batch runs, when it selects two columns of one name", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    const both = db
      .select({ flow: reportFlows, report: reports })
      .from(reportFlows)
      .innerJoin(reports, eq(reports.id, reportFlows.reportId))
      .prepare();

    await expect(database.write([newDraftWrite(db, null, 0), read(both)])).rejects.toThrow(
      'A D1 batch gives rows by column name, and "updated_at" is selected twice (name one apart with .as()): select "report_flows"."user_id"',
    );
    // The write that went with it did not run.
    expect(await db.select().from(reports)).toEqual([]);
  });

  it("takes a bare column in sql`` by its column's name, and one named apart as its own", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    const times = (flowAt: SQL<number> | SQL.Aliased<number>) =>
      db
        .select({ reportAt: reports.updatedAt, flowAt })
        .from(reportFlows)
        .innerJoin(reports, eq(reports.id, reportFlows.reportId))
        .prepare();

    await expect(database.read([read(times(sql<number>`${reportFlows.updatedAt}`))])).rejects.toThrow(
      '"updated_at" is selected twice',
    );
    await expect(
      database.read([read(times(sql<number>`${reportFlows.updatedAt}`.as("flow_updated_at")))]),
    ).resolves.toEqual([[]]);
  });

  it("lets the repository's joined reads through", async () => {
    const database = await openTestDatabase();
    const { db } = database;

    await expect(
      database.read([
        draftFlowRead(db, 1),
        reporterRead(db, 1),
        officersRead(db, 1),
        moderatorsRead(db),
        reportTimesRead(db, 1, 0),
      ]),
    ).resolves.toEqual([[], [], [], [], []]);
    await expect(readPublicPage(database, "none")).resolves.toBeUndefined();
  });
});
