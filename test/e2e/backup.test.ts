import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { backUpDaily, listBackups } from "../../src/db/backup.js";
import { MIGRATIONS_FOLDER, openSqlite } from "../../src/db/sqlite.js";
import { createLogger } from "../../src/logger.js";
import { createHarness, onboard } from "../support/harness.js";
import { sendReport } from "../support/reports.js";
import { person } from "../support/updates.js";

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, "../..");
const npm = (args: string[], env: Record<string, string>) =>
  run("npm", ["run", "--silent", ...args], { cwd: ROOT, env: { ...process.env, ...env } });

const dirs: string[] = [];
function tempDir() {
  const dir = mkdtempSync(join(tmpdir(), "yntymak-backup-"));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Every row of every table read back, and the migrations the file has recorded. */
function readEverything(path: string) {
  const db = new BetterSqlite3(path, { readonly: true });
  try {
    const tables = db
      .prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%'")
      .pluck()
      .all() as string[];
    const rows = Object.fromEntries(tables.map((t) => [t, db.prepare(`select * from "${t}"`).all().length]));
    const [check] = db.pragma("integrity_check") as { integrity_check: string }[];
    const migrations = db.prepare("select count(*) from __drizzle_migrations").pluck().get() as number;
    return { rows, integrity: check!.integrity_check, migrations };
  } finally {
    db.close();
  }
}

const journalEntries = () =>
  (JSON.parse(readFileSync(join(MIGRATIONS_FOLDER, "meta/_journal.json"), "utf8")) as { entries: unknown[] })
    .entries.length;

describe("backups", () => {
  it("npm run backup copies the database while people use the bot; npm run restore brings it back whole and current", async () => {
    const dir = tempDir();
    const live = join(dir, "live.sqlite");
    const h = await createHarness({ database: openSqlite(live) });
    const people = Array.from({ length: 12 }, (_, i) =>
      person(9300 + i, (["ky", "ru", "en"] as const)[i % 3]),
    );
    for (const who of people.slice(0, 4)) await onboard(h, who);

    // The flows go on in this process while another one backs the file up.
    let flowsDone = false;
    const flows = (async () => {
      for (const who of people.slice(4)) {
        await onboard(h, who);
        await sendReport(h, who);
      }
      flowsDone = true;
    })();
    const backups = join(dir, "backups");
    const backup = await npm(["backup"], { DATABASE_PATH: live, BACKUP_DIR: backups, BACKUPS_KEPT: "3" });
    await flows;
    expect(flowsDone).toBe(true);
    const [file] = listBackups(backups);
    expect(backup.stdout).toContain(file);
    expect(readdirSync(backups)).toEqual([file!.slice(backups.length + 1)]);

    const restored = join(dir, "restored", "yntymak.sqlite");
    await npm(["restore", "--", file!], { DATABASE_PATH: restored });
    const copy = readEverything(restored);
    expect(copy.integrity).toBe("ok");
    expect(copy.migrations).toBe(journalEntries());
    // At least the people who were there before the backup began; nothing half-written.
    expect(copy.rows.users).toBeGreaterThanOrEqual(4);
    expect(copy.rows.municipalities).toBe(8);
    const reports = new BetterSqlite3(restored, { readonly: true });
    const unfinished = reports
      .prepare("select count(*) from reports r where status != 'draft' and ref_seq is null")
      .pluck()
      .get();
    reports.close();
    expect(unfinished).toBe(0);
    h.database.close();
  }, 60_000);

  it("npm start's daily backup happens once a day, whatever the restarts, and keeps the newest few", async () => {
    const dir = tempDir();
    const databasePath = join(dir, "yntymak.sqlite");
    openSqlite(databasePath).close();
    const backupDir = join(dir, "backups");
    const storage = { databasePath, backupDir, backupsKept: 2 };
    const logger = createLogger("silent");
    const day = 24 * 60 * 60 * 1000;
    const start = Date.parse("2026-12-01T03:00:00Z");

    await backUpDaily(storage, logger, start);
    await backUpDaily(storage, logger, start + 60_000);
    expect(listBackups(backupDir)).toHaveLength(1);

    for (let d = 1; d <= 3; d++) {
      // A backup's age is its file's: make the previous one a day old, as a day passing would.
      const newest = listBackups(backupDir).at(-1)!;
      utimesSync(newest, new Date(start + (d - 1) * day), new Date(start + (d - 1) * day));
      await backUpDaily(storage, logger, start + d * day);
    }
    const kept = listBackups(backupDir);
    expect(kept).toHaveLength(2);
    expect(kept.at(-1)).toContain("2026-12-04T03-00-00Z");
  });

  it("refuses a damaged backup and leaves the database as it was", async () => {
    const dir = tempDir();
    const databasePath = join(dir, "yntymak.sqlite");
    openSqlite(databasePath).close();
    const broken = join(dir, "yntymak-2026-12-01T03-00-00Z.sqlite");
    writeFileSync(broken, "not a database");
    await expect(npm(["restore", "--", broken], { DATABASE_PATH: databasePath })).rejects.toThrow(
      /Cannot restore/,
    );
    expect(readEverything(databasePath).integrity).toBe("ok");
  }, 30_000);
});
