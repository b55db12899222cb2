import { and, desc, eq, inArray } from "drizzle-orm";
import type { Database, Db, Statement } from "../database.js";
import { blockedAccounts, rounds, users, votes } from "../schema.js";
import { auditStatement } from "./audit.js";

export type BlockedAccount = typeof blockedAccounts.$inferSelect;

export async function isBlockedAccount(db: Db, accountHash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: blockedAccounts.id })
    .from(blockedAccounts)
    .where(eq(blockedAccounts.accountHash, accountHash));
  return row !== undefined;
}

export interface Block {
  /** `deps.hashes.account(id)`: the id itself is never stored, so the block outlives /forget. */
  accountHash: string;
  /** Where it was pressed (`report R-2026-0042`, `initiative I-2026-0007`, `command`), never whose id. */
  subject: string;
  blockedBy: number;
  /** The account's user row, when it may exist: marked blocked, and its votes in open rounds taken back. */
  userId: number | undefined;
  now: number;
}

/**
 * Blocks an account in one batch with its audit row: the hash, the user's status, and their votes
 * in open rounds, which must not count once the account is blocked. False when it was already.
 */
export async function blockAccount(database: Database, block: Block): Promise<boolean> {
  const { db } = database;
  if (await isBlockedAccount(db, block.accountHash)) return false;
  const { accountHash, subject, blockedBy, userId, now } = block;
  const openRounds = db.select({ id: rounds.id }).from(rounds).where(eq(rounds.status, "open"));
  const statements: Statement[] = [
    db.insert(blockedAccounts).values({ accountHash, subject, blockedBy, createdAt: now }),
    auditStatement(db, { actorId: blockedBy, action: "account.blocked", subject }),
  ];
  if (userId !== undefined)
    statements.push(
      db.update(users).set({ status: "blocked" }).where(eq(users.id, userId)),
      db.delete(votes).where(and(eq(votes.voterId, userId), inArray(votes.roundId, openRounds))),
    );
  await database.batch(statements);
  return true;
}

export async function listBlockedAccounts(db: Db, limit = 30): Promise<BlockedAccount[]> {
  return db.select().from(blockedAccounts).orderBy(desc(blockedAccounts.createdAt)).limit(limit);
}

export async function findBlockedAccount(db: Db, id: number): Promise<BlockedAccount | undefined> {
  const [row] = await db.select().from(blockedAccounts).where(eq(blockedAccounts.id, id));
  return row;
}

/** The users now marked blocked: few, so the bot can find which of them a hash names. */
export async function blockedUserIds(db: Db): Promise<number[]> {
  const rows = await db.select({ id: users.id }).from(users).where(eq(users.status, "blocked"));
  return rows.map((r) => r.id);
}

/** Lifts a block with its audit row; `userIds` are the blocked users whose hash is this one. */
export async function unblockAccount(
  database: Database,
  unblock: { block: BlockedAccount; userIds: readonly number[]; by: number },
): Promise<void> {
  const { db } = database;
  const { block, userIds, by } = unblock;
  await database.batch([
    db.delete(blockedAccounts).where(eq(blockedAccounts.id, block.id)),
    ...(userIds.length > 0
      ? [
          db
            .update(users)
            .set({ status: "active" })
            .where(and(inArray(users.id, [...userIds]), eq(users.status, "blocked"))),
        ]
      : []),
    auditStatement(db, { actorId: by, action: "account.unblocked", subject: block.subject }),
  ]);
}
