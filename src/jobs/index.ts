import type { BotDeps } from "../bot/context.js";
import { escalateOverdueReports } from "./escalate-reports.js";
import { purgeOldRecords, retirePhoneHashes } from "./maintenance.js";
import { refreshPublicSnapshots } from "./public-snapshots.js";
import { advanceRounds } from "./rounds.js";

/** How often Node runs the jobs; the Workers cron uses the same period. */
export const JOBS_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Scheduled work that must not wait for someone to write: escalations and housekeeping. Each job
 * runs even if another failed, and all are safe to run twice at once. The outbox dispatcher runs
 * on its own loop.
 */
export async function runScheduledJobs(deps: BotDeps, now: number): Promise<void> {
  const jobs = {
    escalateReports: () => escalateOverdueReports(deps, now),
    advanceRounds: () => advanceRounds(deps, now),
    purgeOldRecords: () => purgeOldRecords(deps.database.db, now),
    // After advanceRounds: a round that closes in this run no longer keeps the old phone hashes.
    retirePhoneHashes: () => retirePhoneHashes(deps.database, deps.hashes),
    publicSnapshots: () => refreshPublicSnapshots(deps, now),
  };
  for (const [name, job] of Object.entries(jobs)) {
    try {
      await job();
    } catch (error) {
      deps.logger.error("scheduled job failed", { job: name, error });
    }
  }
}
