/**
 * Puts a backup in place of the database at DATABASE_PATH. Stop the bot first.
 *
 *   npm run restore -- backups/yntymak-2026-12-01T03-00-00Z.sqlite
 */
import { existsSync } from "node:fs";
import { createStorageConfig } from "../src/config.js";
import { restoreDatabase } from "../src/db/backup.js";

if (existsSync(".env")) process.loadEnvFile(".env");
const [backup] = process.argv.slice(2);
if (!backup) {
  console.error("Usage: npm run restore -- <backup file>");
  process.exit(1);
}
try {
  const { databasePath } = createStorageConfig(process.env);
  restoreDatabase(backup, databasePath);
  console.log(`Restored ${databasePath} from ${backup}`);
} catch (error) {
  console.error(`Cannot restore: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
