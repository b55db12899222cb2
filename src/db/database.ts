import type { BatchItem } from "drizzle-orm/batch";
import type { BaseSQLiteDatabase } from "drizzle-orm/sqlite-core";
import type * as schema from "./schema.js";

/** A drizzle database over better-sqlite3 (sync) or D1 (async); repository code always awaits. */
export type Db = BaseSQLiteDatabase<"sync" | "async", unknown, typeof schema>;

export type Statement = BatchItem<"sqlite">;

/**
 * The database plus an all-or-nothing way to run several writes. D1 has no interactive
 * transactions, so atomic groups are expressed as a batch of prepared statements on both runtimes.
 */
export interface Database {
  db: Db;
  batch(statements: readonly Statement[]): Promise<void>;
}
