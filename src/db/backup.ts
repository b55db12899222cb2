import { copyFileSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import BetterSqlite3 from "better-sqlite3";
import type { Logger } from "../logger.js";
import { openSqlite } from "./sqlite.js";

/** `yntymak-2026-12-01T03-00-00Z.sqlite`: sorts by time, and nothing else in the folder matches. */
const BACKUP_NAME = /^yntymak-\d{4}-\d{2}-\d{2}T\d{2}-\d{2}-\d{2}Z\.sqlite$/;

function backupName(now: number): string {
  return `yntymak-${new Date(now).toISOString().slice(0, 19).replaceAll(":", "-")}Z.sqlite`;
}

/** The backups in `dir`, oldest first. */
export function listBackups(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  return names
    .filter((name) => BACKUP_NAME.test(name))
    .sort()
    .map((name) => join(dir, name));
}

/**
 * A consistent copy of the database through SQLite's online backup API, safe while the bot writes
 * to it (a second, read-only connection; WAL lets both work). It is written under a temporary name
 * and renamed when complete, so a half-written file never passes for a backup.
 */
export async function backupDatabase(databasePath: string, dir: string, now: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const target = join(dir, backupName(now));
  const partial = `${target}.partial`;
  const source = new BetterSqlite3(databasePath, { readonly: true, fileMustExist: true });
  try {
    await source.backup(partial);
  } finally {
    source.close();
  }
  renameSync(partial, target);
  return target;
}

/** Deletes all but the newest `keep` backups; returns what it deleted. */
export function pruneBackups(dir: string, keep: number): string[] {
  const old = listBackups(dir).slice(0, -keep);
  for (const path of old) rmSync(path);
  return old;
}

/** Whether the newest backup in `dir` is older than `maxAgeMs` (or there is none). */
function backupIsDue(dir: string, now: number, maxAgeMs: number): boolean {
  const newest = listBackups(dir).at(-1);
  return newest === undefined || now - statSync(newest).mtimeMs >= maxAgeMs;
}

/**
 * Puts a backup in place of the database: checks the backup first, removes the old write-ahead
 * log (which SQLite would otherwise replay over the restored file), copies, and brings the schema
 * up to the current migrations. The bot must be stopped.
 */
export function restoreDatabase(backupPath: string, databasePath: string): void {
  const backup = new BetterSqlite3(resolve(backupPath), { readonly: true, fileMustExist: true });
  try {
    const [check] = backup.pragma("integrity_check") as { integrity_check: string }[];
    if (check?.integrity_check !== "ok")
      throw new Error(`${backupPath} is damaged (${check?.integrity_check}); choose another backup.`);
  } finally {
    backup.close();
  }
  for (const suffix of ["-wal", "-shm"]) rmSync(`${databasePath}${suffix}`, { force: true });
  mkdirSync(resolve(databasePath, ".."), { recursive: true });
  copyFileSync(backupPath, databasePath);
  openSqlite(databasePath).close();
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** How often `npm start` looks whether the daily backup is due. */
export const BACKUP_CHECK_MS = 60 * 60 * 1000;

/**
 * The daily backup of `npm start`: checked every hour and made when the newest one is a day old,
 * so that restarts neither skip a day nor add a backup each.
 */
export async function backUpDaily(
  storage: { databasePath: string; backupDir: string; backupsKept: number },
  logger: Logger,
  now: number,
): Promise<void> {
  if (!backupIsDue(storage.backupDir, now, DAY_MS)) return;
  try {
    const path = await backupDatabase(storage.databasePath, storage.backupDir, now);
    const pruned = pruneBackups(storage.backupDir, storage.backupsKept);
    logger.info("database backed up", { path, pruned: pruned.length });
  } catch (error) {
    logger.error("database backup failed", { error });
  }
}
