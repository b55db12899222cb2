import { and, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import { staff, users } from "../schema.js";

export interface Recipient {
  id: number;
  locale: string;
}

/** LSG officers of a municipality, each with the language they chose. */
export async function officersOf(db: Db, municipalityId: number): Promise<Recipient[]> {
  return db
    .selectDistinct({ id: users.id, locale: users.locale })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.role, "officer"), eq(staff.municipalityId, municipalityId)));
}

export async function moderators(db: Db): Promise<Recipient[]> {
  return db
    .selectDistinct({ id: users.id, locale: users.locale })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(eq(staff.role, "moderator"));
}
