import { asc, eq, sql } from "drizzle-orm";
import { type Database, type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { municipalityContacts } from "../schema.js";
import { auditIfChangedStatement, auditStatement } from "./audit.js";

export type MunicipalityContact = typeof municipalityContacts.$inferSelect;

const contactsOf = preparedQuery((db) =>
  db
    .select()
    .from(municipalityContacts)
    .where(eq(municipalityContacts.municipalityId, sql.placeholder("municipalityId")))
    .orderBy(asc(municipalityContacts.id))
    .prepare(),
);

/** A municipality's local support contacts, in the order they were added (the admin's numbers). */
export async function listContacts(db: Db, municipalityId: number): Promise<MunicipalityContact[]> {
  return contactsOf(db).all({ municipalityId });
}

/** `listContacts` as one read of a batch. */
export function contactsRead(db: Db, municipalityId: number) {
  return read(contactsOf(db), { municipalityId });
}

/** Adds a contact, audited in the same batch. */
export async function addContact(
  database: Database,
  entry: { municipalityId: number; slug: string; text: string; actorId: number; now: number },
): Promise<void> {
  const { db } = database;
  await database.batch([
    db.insert(municipalityContacts).values({
      municipalityId: entry.municipalityId,
      text: entry.text,
      createdBy: entry.actorId,
      createdAt: entry.now,
    }),
    auditStatement(db, {
      actorId: entry.actorId,
      action: "municipality.contactAdded",
      subject: entry.slug,
      details: { text: entry.text },
    }),
  ]);
}

/** Removes one contact, audited in the same batch only if it was still there. */
export async function removeContact(
  database: Database,
  contact: MunicipalityContact,
  entry: { slug: string; actorId: number },
): Promise<void> {
  const { db } = database;
  await database.batch([
    db.delete(municipalityContacts).where(eq(municipalityContacts.id, contact.id)),
    auditIfChangedStatement(db, {
      actorId: entry.actorId,
      action: "municipality.contactRemoved",
      subject: entry.slug,
      details: { text: contact.text },
    }),
  ]);
}
