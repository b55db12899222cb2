import { escalationMessages, type NoticeDeps, routeNewReport } from "../bot/reports/notices.js";
import { purgeUndeletableMessages } from "../db/repo/chat-messages.js";
import { transitionReport } from "../db/repo/report-history.js";
import { listOverdue, listUnrouted } from "../db/repo/report-lists.js";
import { purgeAbandonedDrafts } from "../db/repo/reports.js";
import { type EscalationDelays, escalationDelays } from "../domain/report-status.js";
import type { Logger } from "../logger.js";

export interface EscalationDeps extends NoticeDeps {
  logger?: Logger;
  /** Wakes the outbox dispatcher when something was queued. */
  onEnqueued?: () => void;
  /** Defaults: 1 hour for urgent reports, 48 hours for the rest. */
  escalationDelays?: Partial<EscalationDelays>;
}

/** Round trips one report's routing or escalation makes at most (its reads and its batch). */
const REPORT_COST = 4;

/** A report sent longer ago than this and still unrouted was left so by a crash, not a send in progress. */
const ROUTING_GRACE_MS = 60_000;
const HOUR = 60 * 60 * 1000;
/** An unfinished report untouched this long is deleted: it may hold what someone did not dare to send. */
export const DRAFT_LIFETIME_MS = 7 * 24 * HOUR;

/**
 * Tells moderators and admins about reports no officer acknowledged in time, marking them
 * `escalated`, and routes reports a crash left unrouted. It also does the reports' housekeeping:
 * abandoned drafts and message ids too old to delete are dropped. A plain function, for the Node
 * interval and the Workers cron alike; running it twice at once escalates each report once (the
 * first transition wins, the second finds the version taken).
 */
export async function escalateOverdueReports(
  deps: EscalationDeps,
  now: number,
  fits: (cost: number) => boolean = () => true,
): Promise<{ routed: number; escalated: number; draftsPurged: number }> {
  const { database } = deps;
  const { db } = database;
  // One report that fails (a bad row, a lost connection) must not hold back the others. Within a
  // Workers run's budget (`fits`) the reports beyond it wait for the next run, still listed then.
  const eachReport = async <T extends { id: number }>(rows: T[], work: (row: T) => Promise<boolean>) => {
    let done = 0;
    for (const row of rows) {
      if (!fits(REPORT_COST)) break;
      try {
        if (await work(row)) done += 1;
      } catch (error) {
        deps.logger?.error("report escalation step failed", { reportId: row.id, error });
      }
    }
    return done;
  };

  const routed = await eachReport(await listUnrouted(db, now - ROUTING_GRACE_MS), async (report) => {
    await routeNewReport(deps, report, now);
    return true;
  });
  const overdue = await listOverdue(db, now, escalationDelays(deps.escalationDelays));
  const escalated = await eachReport(overdue, async (report) => {
    const notices = await escalationMessages(deps, {
      ...report,
      status: "escalated",
      version: report.version + 1,
    });
    const result = await transitionReport(database, {
      report,
      action: "escalate",
      to: "escalated",
      actor: { kind: "system", id: null },
      now,
      notices: () => notices,
    });
    return result.ok;
  });
  if (routed + escalated > 0) {
    deps.onEnqueued?.();
    deps.logger?.info("reports escalated", { routed, escalated });
  }
  const draftsPurged = await purgeAbandonedDrafts(db, {
    staleBefore: now - DRAFT_LIFETIME_MS,
    orphanBefore: now - HOUR,
  });
  await purgeUndeletableMessages(db, now);
  return { routed, escalated, draftsPurged };
}
