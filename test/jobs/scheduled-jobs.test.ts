import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { claimUpdate, countProcessedUpdates } from "../../src/db/repo/updates.js";
import { runScheduledJobs } from "../../src/jobs/index.js";
import { createHarness, onboard } from "../support/harness.js";
import { report, sendReport } from "../support/reports.js";
import { person } from "../support/updates.js";

const DAY = 24 * 60 * 60 * 1000;

describe("scheduled jobs", () => {
  it("escalates overdue reports and purges old update ids in one run", async () => {
    const h = await createHarness();
    const reporter = person(8800, "ru");
    await onboard(h, reporter);
    const id = await sendReport(h, reporter, { urgency: "danger" });
    const sentAt = (await report(h, id)).submittedAt!;
    await claimUpdate(h.db, 1, sentAt - 4 * DAY);
    const before = await countProcessedUpdates(h.db);

    const errors: string[] = [];
    h.deps.logger = { ...h.deps.logger, error: (message) => errors.push(message) };
    await runScheduledJobs(h.deps, sentAt + 2 * 60 * 60 * 1000);

    expect((await report(h, id)).status).toBe("escalated");
    expect(await countProcessedUpdates(h.db)).toBe(before - 1);
    expect(errors).toEqual([]);
  });

  it("logs a failing job and still runs the others", async () => {
    const h = await createHarness();
    await claimUpdate(h.db, 1, h.deps.now() - 4 * DAY);
    const errors: unknown[] = [];
    h.deps.logger = { ...h.deps.logger, error: (_message, fields) => errors.push(fields?.job) };
    // A database that refuses the reports' queries: escalation and the public counts fail,
    // housekeeping must still run.
    await h.database.db.run(sql`alter table reports rename to reports_gone`);
    await runScheduledJobs(h.deps, h.deps.now());
    expect(errors).toEqual(["escalateReports", "publicSnapshots"]);
    expect(await countProcessedUpdates(h.db)).toBe(0);
  });
});
