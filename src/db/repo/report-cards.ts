import { and, asc, eq } from "drizzle-orm";
import type { Db } from "../database.js";
import type { OutboxReportCard } from "../outbox-payload.js";
import { reportCards } from "../schema.js";

/** A delivered copy of a report's card: where it is, and the language and buttons it was written with. */
export type ReportCardCopy = typeof reportCards.$inferSelect;

/** The insert for a card the outbox just delivered, to run in the dispatcher's batch. */
export function recordReportCard(
  db: Db,
  copy: { card: OutboxReportCard; chatId: number; messageId: number; now: number },
) {
  return db
    .insert(reportCards)
    .values({
      reportId: copy.card.reportId,
      chatId: copy.chatId,
      messageId: copy.messageId,
      locale: copy.card.locale,
      mayAct: copy.card.act,
      mayModerate: copy.card.moderate,
      sentAt: copy.now,
    })
    .onConflictDoNothing();
}

/** The copy can no longer be edited (deleted, or Telegram refuses): the card posted anew replaces it. */
export function forgetReportCard(db: Db, copy: { chatId: number; messageId: number }) {
  return db
    .delete(reportCards)
    .where(and(eq(reportCards.chatId, copy.chatId), eq(reportCards.messageId, copy.messageId)));
}

export async function reportCardCopies(db: Db, reportId: number): Promise<ReportCardCopy[]> {
  return db.select().from(reportCards).where(eq(reportCards.reportId, reportId)).orderBy(asc(reportCards.id));
}
