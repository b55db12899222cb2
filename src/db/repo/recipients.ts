import { and, eq, inArray, sql } from "drizzle-orm";
import { type Db, read } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { staff, users } from "../schema.js";

export interface Recipient {
  id: number;
  locale: string;
}

const officersQuery = preparedQuery((db) =>
  db
    .selectDistinct({ id: users.id, locale: users.locale })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(and(eq(staff.role, "officer"), eq(staff.municipalityId, sql.placeholder("municipalityId"))))
    .prepare(),
);

const moderatorsQuery = preparedQuery((db) =>
  db
    .selectDistinct({ id: users.id, locale: users.locale })
    .from(staff)
    .innerJoin(users, eq(users.id, staff.userId))
    .where(eq(staff.role, "moderator"))
    .prepare(),
);

/** LSG officers of a municipality, each with the language they chose. */
export async function officersOf(db: Db, municipalityId: number): Promise<Recipient[]> {
  return officersQuery(db).all({ municipalityId });
}

export async function moderators(db: Db): Promise<Recipient[]> {
  return moderatorsQuery(db).all();
}

/** `officersOf` as one read of a batch. */
export const officersRead = (db: Db, municipalityId: number) => read(officersQuery(db), { municipalityId });

/** `moderators` as one read of a batch. */
export const moderatorsRead = (db: Db) => read(moderatorsQuery(db));

/** The stored language of each of `ids` that is known, as one read of a batch. */
export const localesRead = (db: Db, ids: readonly number[]) =>
  read(
    db
      .select({ id: users.id, locale: users.locale })
      .from(users)
      .where(inArray(users.id, [...ids]))
      .prepare(),
  );
