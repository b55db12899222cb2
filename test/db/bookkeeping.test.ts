import { describe, expect, it } from "vitest";
import { bookkeep } from "../../src/db/repo/bookkeeping.js";
import { listMunicipalities, municipalitiesRead } from "../../src/db/repo/municipalities.js";
import {
  draftFlowRead,
  findDraftFlow,
  newDraftWrite,
  startDraftStatements,
} from "../../src/db/repo/reports.js";
import { createUserWithConsent } from "../../src/db/repo/users.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openTestDatabase } from "./test-database.js";

describe("an update's bookkeeping on this backend", () => {
  it("gives a step's prepared reads, mapped as their own `all` maps them, with its raw statements' rows", async () => {
    const database = await openTestDatabase();
    const { db } = database;
    await seedMunicipalities(db);
    await createUserWithConsent(db, 1, "en", 0);
    const [[created]] = await database.write([newDraftWrite(db, 1, 0)]);
    await database.batch(startDraftStatements(db, created!, 1, "category", 5).statements);
    const input = {
      now: 1_000,
      staleAfterMs: 60_000,
      userId: 1,
      flood: { key: "h1", options: { limit: 5, windowMs: 1_000 } },
      conversationKey: "1",
      reads: [draftFlowRead(db, 1), municipalitiesRead(db), draftFlowRead(db, 2)],
    };

    const first = await bookkeep(database, { ...input, updateId: 1 });
    expect(first).toMatchObject({ claimed: true, floodHits: 1, who: { user: { id: 1 } } });
    // A draft's row comes as drizzle nests it, each of its two `updated_at` in its place; the
    // municipalities' names parsed.
    expect(first.read).toEqual([
      [await findDraftFlow(db, 1)],
      await listMunicipalities(db, { includeInactive: true }),
      [],
    ]);
    expect(first.read[0]).toEqual([
      {
        flow: { userId: 1, reportId: created!.id, step: "category", updatedAt: 5 },
        report: expect.objectContaining({ id: created!.id, updatedAt: 0, routedAt: null }),
      },
    ]);

    const duplicate = await bookkeep(database, { ...input, updateId: 1 });
    expect(duplicate).toMatchObject({ claimed: false, floodHits: 2 });
    expect(duplicate.read).toEqual(first.read);

    const { read } = await bookkeep(database, { ...input, updateId: 2, reads: undefined });
    expect(read).toEqual([]);
  });
});
