import { desc } from "drizzle-orm";
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

export async function recentAudit(db: Db, limit = 20) {
  return db.select().from(auditLog).orderBy(desc(auditLog.id)).limit(limit);
}
