import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { findUser } from "../../src/db/repo/users.js";
import { reportReporters, reports } from "../../src/db/schema.js";
import { createHarness, onboard } from "../support/harness.js";
import { sendReport } from "../support/reports.js";
import { person, press, text } from "../support/updates.js";

describe("/forget across features", () => {
  it("removes a named reporter's name and the link to them, and keeps the report", async () => {
    const h = await createHarness();
    const aida = person(8900, "ky", "Aida");
    aida.username = "aida_kg";
    await onboard(h, aida);
    const id = await sendReport(h, aida, { anonymous: false });
    const [named] = await h.db.select().from(reportReporters).where(eq(reportReporters.reportId, id));
    expect(named).toMatchObject({ userId: aida.id, name: "Aida" });

    await h.send(text(aida, "/forget"), press(aida, "1|forget|confirm|yes"));

    expect(await findUser(h.db, aida.id)).toBeUndefined();
    const [after] = await h.db.select().from(reportReporters).where(eq(reportReporters.reportId, id));
    expect(after).toEqual({ reportId: id, userId: null, name: null, username: null });
    const [kept] = await h.db.select().from(reports).where(eq(reports.id, id));
    expect(kept?.status).toBe("new");
  });
});
