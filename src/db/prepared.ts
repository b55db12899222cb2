import { fillPlaceholders, sql } from "drizzle-orm";
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

/**
 * A query whose SET names other columns from call to call (each step of a form changes its own),
 * prepared once per set of columns: `build` gets a placeholder for each changed column, the call
 * gives the query and the values to run it with (`values` for the query's other placeholders).
 * The columns' own conversions (a boolean to 0/1) still apply: drizzle keeps them with each
 * placeholder. `set` is typed for drizzle's `set`, whose types do not take placeholders (its runtime does).
 */
export function preparedPerColumns<Query>(build: (db: Db, set: never) => Query) {
  const perColumns = preparedPerKey((db, key: string) =>
    build(
      db,
      Object.fromEntries(key.split(",").map((column) => [column, sql.placeholder(`set.${column}`)])) as never,
    ),
  );
  return (db: Db, changes: Record<string, unknown>, values: Record<string, unknown>) => {
    const columns = Object.keys(changes).filter((column) => changes[column] !== undefined);
    if (columns.length === 0) throw new Error("No values to set");
    const filledValues = { ...values };
    for (const column of columns) filledValues[`set.${column}`] = changes[column];
    return { query: perColumns(db, columns.join()), values: filledValues };
  };
}

/** `preparedQuery` for a query of a few shapes: built once per database and `key`. */
export function preparedPerKey<Key, Query>(build: (db: Db, key: Key) => Query): (db: Db, key: Key) => Query {
  const byKeyOf = preparedQuery(() => new Map<Key, Query>());
  return (db, key) => {
    const byKey = byKeyOf(db);
    let query = byKey.get(key);
    if (!query) {
      query = build(db, key);
      byKey.set(key, query);
    }
    return query;
  };
}

/** A placeholder for each of `columns`, named after it, for an update's `set` (see `preparedPerColumns`). */
export function placeholders(...columns: string[]): never {
  return Object.fromEntries(columns.map((column) => [column, sql.placeholder(column)])) as never;
}
