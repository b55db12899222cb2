import { type AnyColumn, fillPlaceholders, getTableColumns, type SQL, sql } from "drizzle-orm";
import { SQLiteSyncDialect, type SQLiteTable } from "drizzle-orm/sqlite-core";
import type { RawQuery } from "../database.js";
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

const dialect = new SQLiteSyncDialect();

/**
 * The person, their staff grants and their wait, in one statement, built once: every update asks
 * all three before it can do anything (`bookkeep` runs it with the update's other reads).
 */
const whoQuery = dialect.sqlToQuery(sql`
    select
      (select ${jsonRow(users)} from ${users} where ${users.id} = ${sql.placeholder("userId")}) as user,
      (select json_group_array(${jsonRow(staff)}) from ${staff} where ${staff.userId} = ${sql.placeholder("userId")}) as grants,
      (select ${jsonRow(awaiting)} from ${awaiting} where ${awaiting.userId} = ${sql.placeholder("userId")}) as awaiting`);

export function whoIsTalkingQuery(userId: number): RawQuery {
  return { sql: whoQuery.sql, params: fillPlaceholders(whoQuery.params, { userId }) };
}

export function whoIsTalkingFrom(row: Record<string, unknown> | undefined): WhoIsTalking {
  const json = (key: string) => (typeof row?.[key] === "string" ? JSON.parse(row[key] as string) : undefined);
  return {
    user: json("user") as User | undefined,
    grants: (json("grants") ?? []) as StaffGrant[],
    awaiting: json("awaiting") as Awaiting | undefined,
  };
}
