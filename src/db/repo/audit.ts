import { desc, sql } from "drizzle-orm";
import type { Db } from "../database.js";
import { auditLog } from "../schema.js";

export interface AuditEntry {
  actorId: number | null;
  action: string;
  subject: string | null;
  details?: Record<string, unknown>;
}

/** An audit insert to put in the same batch as the change it records. */
export function auditStatement(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).values(entry);
}

/**
 * An audit insert that records only if the statement just before it in the batch changed a row
 * (`changes()`): a command that found nothing to change leaves no entry, without a read first.
 */
export function auditIfChangedStatement(db: Db, entry: AuditEntry) {
  return db.insert(auditLog).select(
    db
      .select({
        // Every column in the table's order, as INSERT ... SELECT wants; a null id is assigned.
        id: sql<number>`null`.as("id"),
        actorId: sql<number | null>`${entry.actorId}`.as("actor_id"),
        action: sql<string>`${entry.action}`.as("action"),
        subject: sql<string | null>`${entry.subject}`.as("subject"),
        details: sql<string | null>`${entry.details === undefined ? null : JSON.stringify(entry.details)}`.as(
          "details",
        ),
        createdAt: sql<number>`unixepoch('subsec') * 1000`.as("created_at"),
      })
      .from(sql`(select 1)`)
      .where(sql`changes() > 0`) as never,
  );
}

export async function recentAudit(db: Db, limit = 20) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
