import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { D1Database } from "@cloudflare/workers-types";
import { getPlatformProxy, type PlatformProxy } from "wrangler";
import { openD1 } from "../../src/db/d1.js";
import type { Database } from "../../src/db/database.js";
import { MIGRATIONS_FOLDER, openSqlite } from "../../src/db/sqlite.js";

export interface TestDatabase extends Database {
  close(): void | Promise<void>;
}

/** "d1" in the vitest project that runs the repository tests on D1 (see vitest.config.ts). */
export const TEST_BACKEND = process.env.TEST_DATABASE === "d1" ? "d1" : "better-sqlite3";

/**
 * A fresh, migrated database of the backend under test: the embedded SQLite of `npm start`, or
 * D1 as a Worker sees it, so that the two cannot drift apart.
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  if (TEST_BACKEND === "better-sqlite3") return openSqlite(":memory:");
  const { env } = await localD1();
  await emptyD1(env.DB);
  // The D1 database is shared by the tests of a file and closed after them (d1-setup.ts).
  return { ...openD1(env.DB), close() {} };
}

type Proxy = PlatformProxy<{ DB: D1Database }>;
let proxy: Promise<Proxy> | undefined;

/** workerd's D1 through wrangler, in memory, started once per test file. */
function localD1(): Promise<Proxy> {
  proxy ??= getPlatformProxy<{ DB: D1Database }>({
    configPath: join(import.meta.dirname, "../../wrangler.toml"),
    persist: false,
    envFiles: [],
    remoteBindings: false,
  }).then(async (started) => {
    await started.env.DB.batch(migrationStatements().map((statement) => started.env.DB.prepare(statement)));
    return started;
  });
  return proxy;
}

export async function closeLocalD1(): Promise<void> {
  const started = proxy;
  proxy = undefined;
  await (await started)?.dispose();
}

/** The statements of each migration, as drizzle-kit wrote them and wrangler applies them. */
function migrationStatements(): string[] {
  return readdirSync(MIGRATIONS_FOLDER)
    .filter((file) => file.endsWith(".sql"))
    .sort()
    .flatMap((file) => readFileSync(join(MIGRATIONS_FOLDER, file), "utf8").split("--> statement-breakpoint"))
    .map((statement) => statement.trim())
    .filter(Boolean);
}

/** Deleting rows is much faster than dropping and creating the tables again for each test. */
async function emptyD1(binding: D1Database): Promise<void> {
  const { results } = await binding
    .prepare(
      "select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like '_cf_%'",
    )
    .all<{ name: string }>();
  // D1 cannot switch foreign keys off; deferred, they are checked once every table is empty.
  await binding.batch([
    binding.prepare("pragma defer_foreign_keys = on"),
    ...results.map(({ name }) => binding.prepare(`delete from "${name}"`)),
    binding.prepare("delete from sqlite_sequence"),
  ]);
}
