import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import BetterSqlite3 from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import type { Database, Db } from "./database.js";
import * as schema from "./schema.js";

export const MIGRATIONS_FOLDER = resolve(dirname(fileURLToPath(import.meta.url)), "../../migrations");

export interface SqliteDatabase extends Database {
  close(): void;
}

/** Opens (creating its folder) and migrates the embedded SQLite file; ":memory:" works for tests. */
export function openSqlite(path: string): SqliteDatabase {
  if (path !== ":memory:") mkdirSync(dirname(resolve(path)), { recursive: true });
  const client = new BetterSqlite3(path);
  client.pragma("journal_mode = WAL");
  client.pragma("synchronous = NORMAL");
  client.pragma("foreign_keys = ON");
  client.pragma("busy_timeout = 5000");
  const db = drizzle(client, { schema });
  migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Db,
    async batch(statements) {
      // Statements built on `db` share this one connection, so running them inside a
      // better-sqlite3 transaction makes the group atomic, as D1's batch does.
      client.transaction(() => {
        for (const statement of statements) (statement as unknown as { run(): unknown }).run();
      })();
    },
    close: () => client.close(),
  };
}
