import { fillPlaceholders } from "drizzle-orm";
import type { Db, RawQuery } from "./database.js";

/**
 * A query built once per database and then run with placeholders. drizzle turns its query objects
 * into SQL anew on every call, which costs many times what SQLite needs to run a lookup by key;
 * the queries every update makes are built once instead.
 */
export function preparedQuery<Query>(build: (db: Db) => Query): (db: Db) => Query {
  const built = new WeakMap<Db, Query>();
  return (db) => {
    let query = built.get(db);
    if (!query) {
      query = build(db);
      built.set(db, query);
    }
    return query;
  };
}

/** A prepared query with its placeholders' values, to run in a `Database.rows` batch. */
export function filled(
  query: { getQuery(): { sql: string; params: unknown[] } },
  values: Record<string, unknown>,
): RawQuery {
  const { sql, params } = query.getQuery();
  return { sql, params: fillPlaceholders(params, values) };
}
