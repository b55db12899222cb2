import type { Database } from "../db/database.js";
import { snapshotDays, storeSnapshot } from "../db/repo/public-page.js";
import { readStatisticsInput } from "../db/repo/statistics.js";
import { snapshotPeriod } from "../domain/period.js";
import { countStatistics, LISTED_ON_PAGE, publishStatistics, statisticsCell } from "../domain/statistics.js";

/**
 * The counts of the public pages, published once a day: a live page fetched twice a few minutes
 * apart would show who just registered or reported (a woman aged 56+ appears). Each active
 * municipality whose counts are older than the last Bishkek midnight (or that has none yet) gets
 * them computed up to that midnight; run twice at once, both write the same row.
 */
export async function refreshPublicSnapshots(deps: { database: Database }, now: number): Promise<number> {
  const { db } = deps.database;
  const { to, day } = snapshotPeriod(now);
  // The page lists approved initiatives one by one, so their number by status is public anyway.
  const listed = LISTED_ON_PAGE.map(statisticsCell.initiatives);
  let computed = 0;
  for (const municipality of await snapshotDays(db)) {
    if (municipality.day !== null && municipality.day >= day) continue;
    const input = await readStatisticsInput(db, { municipalityId: municipality.id, from: 0, to });
    const statistics = publishStatistics(countStatistics(input), listed);
    await storeSnapshot(db, municipality.id, { day, statistics, computedAt: now });
    computed += 1;
    // A large municipality takes a noticeable moment: let waiting updates in before the next one.
    await new Promise((resume) => setTimeout(resume, 0));
  }
  return computed;
}
