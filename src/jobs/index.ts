import type { BotDeps } from "../bot/context.js";
import { fits, type SubrequestBudget } from "../notify/subrequests.js";
import { escalateOverdueReports } from "./escalate-reports.js";
import { purgeOldRecords, retirePhoneHashes } from "./maintenance.js";
import { refreshPublicSnapshots } from "./public-snapshots.js";
import { advanceRounds } from "./rounds.js";

/** How often Node runs the jobs; the Workers cron uses the same period. */
export const JOBS_INTERVAL_MS = 5 * 60 * 1000;

/**
 * Subrequests a Workers run keeps from its jobs for the outbox, so that notifications still leave
 * on the minute of the five-minute jobs.
 */
export const LEFT_FOR_THE_OUTBOX = 15;

/**
 * Scheduled work that must not wait for someone to write: escalations and housekeeping. Each job
 * runs even if another failed, and all are safe to run twice at once. The outbox dispatcher runs
 * on its own loop.
 *
 * On Workers a run may call out only so often (`budget`, see notify/subrequests.ts): each job then
 * does the part that fits, leaving `LEFT_FOR_THE_OUTBOX`, and what it left is done by the next
 * run, five minutes later (the reports' escalation and the public pages' counts go report by
 * report and municipality by municipality; housekeeping waits whole). On Node there is no budget.
 */
export async function runScheduledJobs(deps: BotDeps, now: number, budget?: SubrequestBudget): Promise<void> {
  const jobBudget: JobBudget = (cost) => fits(budget, cost, LEFT_FOR_THE_OUTBOX);
  const jobs: Record<string, { cost: number; run: () => Promise<unknown> }> = {
    // The costs are each job's fixed round trips; the per-item ones are checked inside.
    escalateReports: { cost: 4, run: () => escalateOverdueReports(deps, now, jobBudget) },
    advanceRounds: { cost: 2, run: () => advanceRounds(deps, now, jobBudget) },
    purgeOldRecords: { cost: 3, run: () => purgeOldRecords(deps.database.db, now) },
    // After advanceRounds: a round that closes in this run no longer keeps the old phone hashes.
    retirePhoneHashes: { cost: 1, run: () => retirePhoneHashes(deps.database, deps.hashes) },
    publicSnapshots: { cost: 2, run: () => refreshPublicSnapshots(deps, now, jobBudget) },
  };
  for (const [name, job] of Object.entries(jobs)) {
    if (!jobBudget(job.cost)) {
      deps.logger.info("scheduled job left for the next run", { job: name, budget });
      continue;
    }
    try {
      await job.run();
    } catch (error) {
      deps.logger.error("scheduled job failed", { job: name, error });
    }
  }
}

/** Whether `cost` more round trips fit in this run (always on Node). */
export type JobBudget = (cost: number) => boolean;
