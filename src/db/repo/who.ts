import { type AnyColumn, getTableColumns, type SQL, sql } from "drizzle-orm";
import type { SQLiteTable } from "drizzle-orm/sqlite-core";
import type { Db } from "../database.js";
import { awaiting, staff, users } from "../schema.js";
import type { Awaiting } from "./awaiting.js";
import type { StaffGrant } from "./staff.js";
import type { User } from "./users.js";

/** What every update needs to know about who sent it. */
export interface WhoIsTalking {
  user: User | undefined;
  grants: StaffGrant[];
  awaiting: Awaiting | undefined;
}

/** A row as a JSON object keyed like drizzle's (the tables read here hold only numbers and text). */
function jsonRow(table: SQLiteTable): SQL {
  const pairs = Object.entries(getTableColumns(table)).map(
    ([key, column]) => sql`${key}, ${column as AnyColumn}`,
  );
  return sql`json_object(${sql.join(pairs, sql`, `)})`;
}

/**
 * The person, their staff grants and their wait, in one query: on D1 each query is a round trip,
 * and every update asks all three before it can do anything.
 */
export async function whoIsTalking(db: Db, userId: number): Promise<WhoIsTalking> {
  const [row] = await db.all<{ user: string | null; grants: string; awaiting: string | null }>(sql`
    select
      (select ${jsonRow(users)} from ${users} where ${users.id} = ${userId}) as user,
      (select json_group_array(${jsonRow(staff)}) from ${staff} where ${staff.userId} = ${userId}) as grants,
      (select ${jsonRow(awaiting)} from ${awaiting} where ${awaiting.userId} = ${userId}) as awaiting`);
  return {
    user: row?.user ? (JSON.parse(row.user) as User) : undefined,
    grants: JSON.parse(row?.grants ?? "[]") as StaffGrant[],
    awaiting: row?.awaiting ? (JSON.parse(row.awaiting) as Awaiting) : undefined,
  };
}
