import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { MIN_KEY_LENGTH, newHashKey } from "./domain/keyed-hash.js";

/**
 * Where `npm start` keeps the hash key when PHONE_HASH_KEY is not set: beside the database, never
 * in it, so that a copy of the database alone cannot be matched against phone numbers or ids.
 * Back it up apart from the database: without it, confirmed phones and blocks no longer match.
 */
export function keyFilePath(databasePath: string): string {
  return join(dirname(databasePath), "hash.key");
}

/** Reads the key file, creating it (readable by the owner only) on the first start. */
export function loadOrCreateKey(databasePath: string): { key: string; created: boolean; path: string } {
  const path = keyFilePath(databasePath);
  if (existsSync(path)) {
    const key = readFileSync(path, "utf8").trim();
    if (key.length < MIN_KEY_LENGTH)
      throw new Error(
        `The key file ${path} holds fewer than ${MIN_KEY_LENGTH} characters; restore it from your backup.`,
      );
    return { key, created: false, path };
  }
  const key = newHashKey();
  // `wx`: of two processes starting at once, the second fails instead of writing another key.
  writeFileSync(path, `${key}\n`, { mode: 0o600, flag: "wx" });
  return { key, created: true, path };
}
