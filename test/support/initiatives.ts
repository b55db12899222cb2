import { asc, eq } from "drizzle-orm";
import type { Update, User } from "grammy/types";
import { findDraft } from "../../src/db/repo/initiatives.js";
import { initiativeEvents, initiatives, outbox, staff } from "../../src/db/schema.js";
import type { Harness } from "./harness.js";
import { contact, photo, press, text } from "./updates.js";

export const TITLE = "Street lights on Manas street";
export const PROBLEM = "The street is dark at night; women and schoolchildren are afraid to walk home.";
export const SOLUTION = "Install ten solar street lamps along the street, with the help of the neighbours.";

/**
 * One answer per step, in order, as a person would give them; `skip` presses the step's Skip. The
 * municipality comes from the profile; "more details" is opened and answered.
 */
export function standardAnswers(who: User): { step: string; update: (id: number) => Update }[] {
  return [
    { step: "title", update: () => text(who, TITLE) },
    { step: "problem", update: () => text(who, PROBLEM) },
    { step: "solution", update: () => text(who, SOLUTION) },
    { step: "kind", update: (id) => press(who, `1|ini|ans|${id}|kind|cofinancing`) },
    { step: "cost", update: () => text(who, "45 000") },
    { step: "contribution", update: () => text(who, "5000 сом") },
    { step: "timeline", update: () => text(who, "3") },
    { step: "details", update: (id) => press(who, `1|ini|ans|${id}|details|open`) },
    { step: "place", update: () => text(who, "Ak-Jar village") },
    { step: "beneficiaries", update: () => text(who, "Families of Manas street") },
    { step: "beneficiaryCount", update: () => text(who, "350") },
    { step: "womenCount", update: () => text(who, "180") },
    { step: "youthCount", update: (id) => press(who, `1|ini|skip|${id}|youthCount`) },
    { step: "groupSize", update: () => text(who, "12") },
    { step: "groupWomen", update: () => text(who, "7") },
    { step: "groupYouth", update: () => text(who, "5") },
    { step: "contact", update: () => contact(who, "+996700123456") },
    { step: "attachments", update: () => photo(who, "photo-of-street") },
    { step: "attachments", update: (id) => press(who, `1|ini|skip|${id}|attachments`) },
  ];
}

/** The shortest way to a complete initiative: the required answers, and Skip on "more details". */
export function commonAnswers(who: User): { step: string; update: (id: number) => Update }[] {
  const required = standardAnswers(who).slice(0, 7);
  return [...required, { step: "details", update: (id) => press(who, `1|ini|skip|${id}|details`) }];
}

/** /propose, then every standard answer: the draft ends at its summary. Returns its id. */
export async function fillDraft(h: Harness, who: User): Promise<number> {
  await h.send(text(who, "/propose"));
  const draft = await findDraft(h.db, who.id);
  if (!draft) throw new Error("no draft was created");
  for (const { update } of standardAnswers(who)) {
    // People answer at a human pace; the flood limit must not take them for a script.
    h.advance(1_000);
    await h.send(update(draft.id));
  }
  return draft.id;
}

/** A full proposal, submitted. */
export async function submitInitiative(h: Harness, who: User): Promise<number> {
  const id = await fillDraft(h, who);
  await h.send(press(who, `1|ini|submit|${id}`));
  h.take();
  return id;
}

export async function initiative(h: Harness, id: number) {
  const [row] = await h.db.select().from(initiatives).where(eq(initiatives.id, id));
  return row!;
}

export async function events(h: Harness, id: number) {
  return h.db
    .select()
    .from(initiativeEvents)
    .where(eq(initiativeEvents.initiativeId, id))
    .orderBy(asc(initiativeEvents.version));
}

export async function outboxRows(h: Harness) {
  return h.db.select().from(outbox).orderBy(asc(outbox.id));
}

/** A staff role as an accepted invite would give it. */
export async function grant(
  h: Harness,
  userId: number,
  role: "officer" | "moderator",
  municipalityId: number | null = null,
) {
  await h.db.insert(staff).values({ userId, role, municipalityId, grantedBy: 900, createdAt: 0 });
}
