import { describe, expect, it } from "vitest";
import { awaitStatement, endWaitsOnStatement, setAwaiting } from "../../src/db/repo/awaiting.js";
import { insertMessages } from "../../src/db/repo/chat-messages.js";
import { createDraft, saveForm } from "../../src/db/repo/initiatives.js";
import { newDraftWrite, saveDraftStatement } from "../../src/db/repo/reports.js";
import { createUserWithConsent } from "../../src/db/repo/users.js";
import { awaiting, chatMessages, reports } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openTestDatabase } from "./test-database.js";

/**
 * The writes prepared once and filled (db/prepared.ts) do what drizzle's own queries did, in a
 * batch with drizzle's queries, on both backends: columns converted (booleans), a column left
 * undefined left alone, other columns on the next call.
 */
async function setup() {
  const database = await openTestDatabase();
  await seedMunicipalities(database.db);
  for (const id of [7, 8]) await createUserWithConsent(database.db, id, "en", 0);
  return database;
}

describe("prepared writes", () => {
  it("change the columns of each call, converted as the schema says, in one batch with drizzle's queries", async () => {
    const database = await setup();
    const { db } = database;
    const [[draft]] = await database.write([newDraftWrite(db, 1, 0)]);
    const id = draft!.id;
    await database.batch([
      saveDraftStatement(db, id, { category: "resources", anonymous: false, urgent: undefined }, 10),
      db.insert(chatMessages).values({ chatId: 5, flow: "report", messageId: 1, sentAt: 10 }),
      insertMessages(db, { chatId: 5, flow: "report", messageIds: [2, 3], now: 11 }),
    ]);
    await database.batch([saveDraftStatement(db, id, { urgency: "recent", urgent: true }, 20)]);

    const [stored] = await db.select().from(reports);
    expect(stored).toMatchObject({
      category: "resources",
      anonymous: false,
      urgency: "recent",
      urgent: true,
      updatedAt: 20,
    });
    const messages = await db.select().from(chatMessages);
    expect(messages.map((m) => [m.messageId, m.sentAt])).toEqual([
      [1, 10],
      [2, 11],
      [3, 11],
    ]);
  });

  it("set and end a wait, and save an initiative's answers only for its author", async () => {
    const database = await setup();
    const { db } = database;
    const waits = () => db.select().from(awaiting);
    await setAwaiting(db, 7, { kind: "report.form", subjectId: 3 }, 1);
    await database.batch([
      awaitStatement(db, 7, { kind: "initiative.form", subjectId: 4, step: "title" }, 2),
    ]);
    expect(await waits()).toMatchObject([
      { userId: 7, kind: "initiative.form", subjectId: 4, step: "title" },
    ]);
    await database.batch([endWaitsOnStatement(db, "initiative.form", 4)]);
    expect(await waits()).toEqual([]);

    const initiative = await createDraft(db, { authorId: 7, municipalityId: 1, now: 0 });
    expect(await saveForm(db, initiative.id, 8, { title: "Not yours" }, 5)).toBeUndefined();
    const saved = await saveForm(db, initiative.id, 7, { title: "Water pipe", editingOne: true }, 6);
    expect(saved).toMatchObject({ title: "Water pipe", editingOne: true, updatedAt: 6 });
  });
});
