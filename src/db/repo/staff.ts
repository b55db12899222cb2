import { and, asc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Database, Db } from "../database.js";
import { preparedQuery } from "../prepared.js";
import { auditLog, invites, staff } from "../schema.js";
import { auditStatement } from "./audit.js";

export type StaffRole = "officer" | "moderator";
export type StaffGrant = typeof staff.$inferSelect;
export type Invite = typeof invites.$inferSelect;

export const INVITE_LIFETIME_MS = 7 * 24 * 60 * 60 * 1000;

const grantsByUser = preparedQuery((db) =>
  db
    .select()
    .from(staff)
    .where(eq(staff.userId, sql.placeholder("userId")))
    .prepare(),
);

export async function grantsOf(db: Db, userId: number): Promise<StaffGrant[]> {
  return grantsByUser(db).all({ userId });
}

export async function listStaff(db: Db): Promise<StaffGrant[]> {
  return db.select().from(staff).orderBy(asc(staff.id));
}

export async function createInvite(
  database: Database,
  invite: { token: string; role: StaffRole; municipalityId: number | null; createdBy: number; now: number },
): Promise<Invite> {
  const { db } = database;
  const row = {
    token: invite.token,
    role: invite.role,
    municipalityId: invite.municipalityId,
    createdBy: invite.createdBy,
    createdAt: invite.now,
    expiresAt: invite.now + INVITE_LIFETIME_MS,
  };
  await database.batch([
    db.insert(invites).values(row),
    auditStatement(db, {
      actorId: invite.createdBy,
      action: "invite.created",
      subject: `${invite.role}:${invite.municipalityId ?? "*"}`,
    }),
  ]);
  return { ...row, usedAt: null, usedBy: null };
}

export type RedeemResult =
  | { ok: true; role: StaffRole; municipalityId: number | null; alreadyHeld: boolean }
  | { ok: false; reason: "unknown" | "used" | "expired" };

/**
 * Redeems a one-time invite. The claim is one conditional UPDATE, so two people (or two
 * deliveries of one update) racing for the same link cannot both get the role.
 */
export async function redeemInvite(
  database: Database,
  token: string,
  userId: number,
  now: number,
): Promise<RedeemResult> {
  const { db } = database;
  const [claimed] = await db
    .update(invites)
    .set({ usedBy: userId, usedAt: now })
    .where(and(eq(invites.token, token), isNull(invites.usedAt), gt(invites.expiresAt, now)))
    .returning();
  if (!claimed) {
    const [existing] = await db.select().from(invites).where(eq(invites.token, token));
    if (!existing) return { ok: false, reason: "unknown" };
    return { ok: false, reason: existing.usedAt !== null ? "used" : "expired" };
  }
  const held = (await grantsOf(db, userId)).some(
    (g) => g.role === claimed.role && g.municipalityId === claimed.municipalityId,
  );
  const audit = auditStatement(db, {
    actorId: userId,
    action: "staff.granted",
    subject: String(userId),
    details: { role: claimed.role, municipalityId: claimed.municipalityId, grantedBy: claimed.createdBy },
  });
  await database.batch(
    held
      ? [audit]
      : [
          db.insert(staff).values({
            userId,
            role: claimed.role,
            municipalityId: claimed.municipalityId,
            grantedBy: claimed.createdBy,
            createdAt: now,
          }),
          audit,
        ],
  );
  return { ok: true, role: claimed.role, municipalityId: claimed.municipalityId, alreadyHeld: held };
}

export async function revokeGrant(
  database: Database,
  grantId: number,
  actorId: number,
): Promise<StaffGrant | undefined> {
  const { db } = database;
  const [grant] = await db.select().from(staff).where(eq(staff.id, grantId));
  if (!grant) return undefined;
  await database.batch([
    db.delete(staff).where(eq(staff.id, grantId)),
    auditStatement(db, {
      actorId,
      action: "staff.revoked",
      subject: String(grant.userId),
      details: { role: grant.role, municipalityId: grant.municipalityId },
    }),
  ]);
  return grant;
}

/**
 * Whether an admin has revoked this person's officer grant for the municipality, as the audit log
 * records it: someone refused there is then told that their role is gone, not that they never had one.
 */
export async function wasRevokedFrom(db: Db, userId: number, municipalityId: number): Promise<boolean> {
  const revocations = await db
    .select({ details: auditLog.details })
    .from(auditLog)
    .where(and(eq(auditLog.action, "staff.revoked"), eq(auditLog.subject, String(userId))));
  return revocations.some((r) => r.details?.municipalityId === municipalityId);
}
