import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema.js";

/** A drizzle database over better-sqlite3 (sync) or D1 (async); repository code always awaits. */
export type Db = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

export type Statement = BatchItem<"sqlite">;

/** A statement as SQL text and its values (see `Database.rows`). */
export interface RawQuery {
  sql: string;
  params: readonly unknown[];
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
   * (none for a statement that returns none). On D1 every call is a network round trip: what every
   * update reads and counts goes in one of these. Not a promise of atomicity (D1 runs them in one
   * transaction, SQLite back to back): use `batch` for writes that must stand or fall together.
   */
  rows(queries: readonly RawQuery[]): Promise<Record<string, unknown>[][]>;
}
