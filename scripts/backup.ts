/**
 * Writes a consistent copy of the SQLite database into BACKUP_DIR (or the folder given), safe while
 * the bot runs, and keeps the newest BACKUPS_KEPT.
 *
 *   npm run backup                 # into BACKUP_DIR
 *   npm run backup -- /mnt/usb     # into another folder
 */
import { existsSync } from "node:fs";
import { ConfigError, createStorageConfig } from "../src/config.js";
import { backupDatabase, pruneBackups } from "../src/db/backup.js";

if (existsSync(".env")) process.loadEnvFile(".env");
try {
  const config = createStorageConfig(process.env);
  const dir = process.argv[2] ?? config.backupDir;
  if (!dir) throw new ConfigError("BACKUP_DIR is required (or give the folder: npm run backup -- <folder>).");
  const path = await backupDatabase(config.databasePath, dir, Date.now());
  pruneBackups(dir, config.backupsKept);
  console.log(`Backed up ${config.databasePath} to ${path}`);
} catch (error) {
  console.error(`Cannot back up: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
}
