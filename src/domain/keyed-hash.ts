import { hmac } from "@noble/hashes/hmac.js";
import { sha256 } from "@noble/hashes/sha2.js";
import { bytesToHex, utf8ToBytes } from "@noble/hashes/utils.js";

/**
 * Hashes keyed with the installation's secret (`PHONE_HASH_KEY`), which never lives in the
 * database it protects: a copy of the database alone cannot be matched against candidate phone
 * numbers or Telegram ids. Each use gets a key of its own derived from the secret, so a value
 * seen in one place (a log line) cannot be matched against another (the block list).
 * Synchronous and pure JavaScript, so the logger can use it and Workers run the same code.
 */
export interface KeyedHashes {
  /** A confirmed phone number, as normalizeKyrgyzPhone gives it (`+996700123456`). */
  phone(normalisedNumber: string): string;
  /** A Telegram account in the block list, which must outlive /forget. */
  account(telegramId: number): string;
  /** A chat or user id in logs and in the flood counters: short, enough to follow one person. */
  chat(telegramId: number): string;
  /**
   * An outbox dedupe key that must not say what it is about (a notice to a reporter): it still
   * makes a second copy of the same notice a no-op, but names neither the report nor the chat.
   */
  dedupe(key: string): string;
}

/** A secret shorter than this is refused at start-up: 32 characters of hex are 128 bits. */
export const MIN_KEY_LENGTH = 32;

export function createKeyedHashes(secret: string): KeyedHashes {
  if (secret.length < MIN_KEY_LENGTH)
    throw new Error(`A hash key needs at least ${MIN_KEY_LENGTH} characters`);
  const derive = (purpose: string) => hmac(sha256, utf8ToBytes(secret), utf8ToBytes(`yntymak:${purpose}`));
  const phoneKey = derive("phone");
  const accountKey = derive("account");
  const chatKey = derive("chat");
  const dedupeKey = derive("dedupe");
  const keyed = (key: Uint8Array, value: string) => bytesToHex(hmac(sha256, key, utf8ToBytes(value)));
  return {
    phone: (number) => keyed(phoneKey, number),
    account: (id) => keyed(accountKey, String(id)),
    chat: remembered((id) => `h${keyed(chatKey, String(id)).slice(0, 16)}`),
    dedupe: (key) => `k${keyed(dedupeKey, key).slice(0, 32)}`,
  };
}

/** How many chat hashes are kept: the people writing at about the same time. */
const REMEMBERED_CHATS = 4096;

/**
 * The chat hash is taken for every update (its flood counter): a person's updates come in runs,
 * so the last few thousand are kept in memory rather than hashed again (HMAC in JavaScript).
 */
function remembered(hash: (id: number) => string): (id: number) => string {
  const known = new Map<number, string>();
  return (id) => {
    let value = known.get(id);
    if (value === undefined) {
      if (known.size >= REMEMBERED_CHATS) known.clear();
      value = hash(id);
      known.set(id, value);
    }
    return value;
  };
}

/** 32 random bytes as hex: what `npm start` writes to the key file on first start. */
export function newHashKey(): string {
  return bytesToHex(crypto.getRandomValues(new Uint8Array(32)));
}
