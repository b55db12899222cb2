import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema.js";

/** A drizzle database over better-sqlite3 (sync) or D1 (async); repository code always awaits. */
export type Db = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

/**
 * A write of a batch: a drizzle query, or a query prepared once and filled (`filled`), which the
 * statements every step writes are, since drizzle builds a query's SQL anew at every use.
 */
export type Statement = BatchItem<"sqlite"> | RawQuery;

/** A statement as SQL text and its values (see `Database.rows`). */
export interface RawQuery {
  sql: string;
  params: readonly unknown[];
}

export function isRawQuery(statement: Statement): statement is RawQuery {
  return typeof (statement as RawQuery).sql === "string" && Array.isArray((statement as RawQuery).params);
}

/** A prepared query (`preparedQuery`) with its placeholders' values, read with others by `Database.read`. */
export interface Read<Rows> {
  query: { all(values?: Record<string, unknown>): unknown };
  values: Record<string, unknown>;
  /** Only for typing: what `query.all(values)` gives. */
  rows?: Rows;
}

/** `query` with `values`, typed by what its `all` gives. */
export function read<Q extends { all(values?: Record<string, unknown>): unknown }>(
  query: Q,
  values: Record<string, unknown> = {},
): Read<Awaited<ReturnType<Q["all"]>>> {
  return { query, values };
}

/**
 * The database plus an all-or-nothing way to run several writes. D1 has no interactive
 * transactions, so atomic groups are expressed as a batch of prepared statements on both runtimes.
 */
export interface Database {
  db: Db;
  batch(statements: readonly Statement[]): Promise<void>;
  /**
   * Several statements in one round trip, with each one's rows as objects keyed by column name
   * (none for a statement that returns none), then `reads`, each one's result as its own `all`
   * gives. On D1 every call is a network round trip: what every update reads and counts goes in
   * one of these, with the reads its step announced (bot/prefetch.ts). Not a promise of atomicity
   * (D1 runs them in one transaction, SQLite back to back): use `batch` for writes that must stand
   * or fall together.
   */
  rows<T extends readonly unknown[]>(
    queries: readonly RawQuery[],
    reads: { [K in keyof T]: Read<T[K]> },
  ): Promise<[rows: Record<string, unknown>[][], read: T]>;
  /**
   * Prepared queries in one round trip (one D1 batch), each one's result as its own `all` gives:
   * the reads a step needs before it can decide, asked together.
   */
  read<T extends readonly unknown[]>(reads: { [K in keyof T]: Read<T[K]> }): Promise<T>;
  /**
   * As `read`, all or nothing as `batch`: writes with `returning` (and reads) in one round trip,
   * each one's rows back, for a step whose writes must also tell what they changed.
   */
  write<T extends readonly unknown[]>(reads: { [K in keyof T]: Read<T[K]> }): Promise<T>;
}
