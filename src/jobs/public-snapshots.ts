import type { Database, Statement } from "../db/database.js";
import { snapshotDays, storeSnapshotStatement } from "../db/repo/public-page.js";
import { readStatisticsInputAt } from "../db/repo/statistics.js";
import { snapshotPeriod } from "../domain/period.js";
import { countStatistics, LISTED_ON_PAGE, publishStatistics, statisticsCell } from "../domain/statistics.js";

/**
 * The counts of the public pages, published once a day: a live page fetched twice a few minutes
 * apart would show who just registered or reported (a woman aged 56+ appears). Each active
 * municipality whose counts are older than the last Bishkek midnight (or that has none yet) gets
 * them computed up to that midnight; run twice at once, both write the same row. Each
 * municipality's counts are read in one round trip and all are stored in one batch; with
 * `fits` (a Workers run's budget) it stops where the budget ends, and the next run goes on.
 */
export async function refreshPublicSnapshots(
  deps: { database: Database },
  now: number,
  fits: (cost: number) => boolean = () => true,
): Promise<number> {
  const { database } = deps;
  const { to, day } = snapshotPeriod(now);
  // The page lists approved initiatives one by one, so their number by status is public anyway.
  const listed = LISTED_ON_PAGE.map(statisticsCell.initiatives);
  const stores: Statement[] = [];
  for (const municipality of await snapshotDays(database.db)) {
    if (municipality.day !== null && municipality.day >= day) continue;
    // This municipality's read, and the batch that stores them all.
    if (!fits(2)) break;
    const input = await readStatisticsInputAt(database, { municipalityId: municipality.id, from: 0, to });
    const statistics = publishStatistics(countStatistics(input), listed);
    stores.push(storeSnapshotStatement(database.db, municipality.id, { day, statistics, computedAt: now }));
    // A large municipality takes a noticeable moment: let waiting updates in before the next one.
    await new Promise((resume) => setTimeout(resume, 0));
  }
  await database.batch(stores);
  return stores.length;
}
