import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import {
  createDraft,
  ensureReference,
  findInitiative,
  forgetAuthorStatements,
  listEvents,
  saveForm,
  transition,
} from "../../src/db/repo/initiatives.js";
import { createUserWithConsent } from "../../src/db/repo/users.js";
import { initiatives, outbox, users } from "../../src/db/schema.js";
import { seedMunicipalities } from "../../src/db/seed.js";
import { openTestDatabase } from "./test-database.js";

async function setup() {
  const database = await openTestDatabase();
  await seedMunicipalities(database.db);
  for (const id of [1, 2, 3]) await createUserWithConsent(database.db, id, "en", 0);
  return database;
}

describe("initiatives repository", () => {
  it("keeps one draft per author, even when created twice", async () => {
    const database = await setup();
    const a = await createDraft(database.db, { authorId: 1, municipalityId: 1, now: 1 });
    const b = await createDraft(database.db, { authorId: 1, municipalityId: 2, now: 2 });
    expect(b.id).toBe(a.id);
  });

  it("numbers submissions per year without gaps or twins, whatever the order", async () => {
    const database = await setup();
    const drafts = await Promise.all(
      [1, 2, 3].map((authorId) => createDraft(database.db, { authorId, municipalityId: 1, now: 1 })),
    );
    await Promise.all(drafts.map((d) => ensureReference(database.db, d.id, 2026)));
    await ensureReference(database.db, drafts[0]!.id, 2026);
    const refs = await Promise.all(
      drafts.map(async (d) => (await findInitiative(database.db, d.id))!.refSeq),
    );
    expect(refs.sort()).toEqual([1, 2, 3]);
    const next = await createDraft(database.db, { authorId: 1, municipalityId: 1, now: 1 });
    await ensureReference(database.db, next.id, 2027);
    expect((await findInitiative(database.db, next.id))?.refSeq).toBe(1);
  });

  it("lets only the first of two transitions from the same version happen, notifications included", async () => {
    const database = await setup();
    const draft = await createDraft(database.db, { authorId: 1, municipalityId: 1, now: 1 });
    const submitted = await transition(database, { initiative: draft, to: "submitted", actorId: 1, now: 2 });
    expect(submitted.ok).toBe(true);
    const read = (await findInitiative(database.db, draft.id))!;
    const notices = (to: string) => () => [{ chatId: 1, payload: { text: to }, dedupeKey: `k:${to}` }];
    const [approve, reject] = await Promise.all([
      transition(database, {
        initiative: read,
        to: "approved",
        actorId: 2,
        now: 3,
        notices: notices("approved"),
      }),
      transition(database, {
        initiative: read,
        to: "rejected",
        actorId: 3,
        now: 3,
        notices: notices("rejected"),
      }),
    ]);
    expect([approve.ok, reject.ok]).toEqual([true, false]);
    expect(reject.ok ? undefined : reject.current?.status).toBe("approved");
    expect((await listEvents(database.db, draft.id)).map((e) => e.toStatus)).toEqual([
      "submitted",
      "approved",
    ]);
    expect((await database.db.select().from(outbox)).map((r) => r.payload.text)).toEqual(["approved"]);
  });

  it("forgets an author: drafts deleted, the phone taken out, the submission kept without a name", async () => {
    const database = await setup();
    const { db } = database;
    const sent = await createDraft(db, { authorId: 1, municipalityId: 1, now: 1 });
    await saveForm(db, sent.id, 1, { title: "Kept", contactPhone: "+996700000000" }, 2);
    await transition(database, {
      initiative: (await findInitiative(db, sent.id))!,
      to: "submitted",
      actorId: 1,
      now: 3,
    });
    const draft = await createDraft(db, { authorId: 1, municipalityId: 1, now: 4 });
    await database.batch([...forgetAuthorStatements(db, 1), db.delete(users).where(eq(users.id, 1))]);
    expect(await findInitiative(db, draft.id)).toBeUndefined();
    expect(await db.select().from(initiatives)).toMatchObject([
      { id: sent.id, authorId: null, title: "Kept", contactPhone: null, status: "submitted" },
    ]);
  });
});
