import type { D1Database } from "@cloudflare/workers-types";
import { drizzle } from "drizzle-orm/d1";
import type { Database, Db, Statement } from "./database.js";
import * as schema from "./schema.js";

/**
 * The repository on Cloudflare D1. Migrations are applied by `wrangler d1 migrations apply`, not
 * here: a Worker cannot read the migrations folder.
 */
export function openD1(binding: D1Database): Database {
  const db = drizzle(binding, { schema });
  return {
    db: db as unknown as Db,
    async batch(statements) {
      // D1 runs a batch as one transaction; drizzle's typing wants at least one statement.
      if (statements.length === 0) return;
      await db.batch(statements as unknown as [Statement, ...Statement[]]);
    },
  };
}
