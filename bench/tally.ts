import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { sql } from "drizzle-orm";
import { tallyRound } from "../src/db/repo/votes.js";
import { initiatives, roundInitiatives, rounds } from "../src/db/schema.js";
import { seedMunicipalities } from "../src/db/seed.js";
import { openSqlite, type SqliteDatabase } from "../src/db/sqlite.js";
import { rankInitiatives } from "../src/domain/round-results.js";
import { type Figures, round } from "./figures.js";

const SIZES = [10_000, 100_000, 1_000_000];
const INITIATIVES = 20;
const VOTES_PER_VOTER = 3;
const BATCH = 50_000;
const REPEATS = 5;

/**
 * Tallies rounds of 10,000, 100,000 and 1,000,000 generated votes in one table on disk, and times
 * the plain GROUP BY over the same round in the same run: the ratio shows what the tally adds
 * (paper votes, submission order, ranking), the ms per vote how it grows with the round.
 */
export async function runTallyBench(): Promise<Figures> {
  const dir = mkdtempSync(join(tmpdir(), "yntymak-tally-bench-"));
  const database = openSqlite(join(dir, "bench.sqlite"));
  try {
    await prepare(database);
    const figures: Figures = {};
    for (const [index, size] of SIZES.entries()) {
      const roundId = index + 1;
      await generateVotes(database, roundId, size);
      const tally = await median(async () => rankInitiatives(await tallyRound(database.db, roundId)));
      const plain = await median(() =>
        database.db.all(
          sql`select initiative_id, count(*) from votes where round_id = ${roundId} group by initiative_id`,
        ),
      );
      const label = size.toLocaleString("en");
      figures[`tally ms (${label} votes)`] = round(tally, 3);
      figures[`plain GROUP BY ms (${label} votes)`] = round(plain, 3);
      figures[`ratio tally / GROUP BY (${label})`] = round(tally / plain, 3);
      figures[`tally µs per vote (${label})`] = round((tally * 1000) / size, 3);
    }
    const small = Number(figures["tally µs per vote (10,000)"]);
    const large = Number(figures["tally µs per vote (1,000,000)"]);
    figures["growth 10k -> 1M (per-vote cost ratio, <= 1 is linear or better)"] = round(large / small, 3);
    return figures;
  } finally {
    database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function prepare(database: SqliteDatabase) {
  const { db } = database;
  await seedMunicipalities(db);
  // Voters are generated ids: the benchmark measures counting, not the users table.
  await db.run(sql`pragma foreign_keys = off`);
  const now = Date.now();
  const rows = Array.from({ length: INITIATIVES }, (_, i) => ({
    municipalityId: 1,
    status: "in_round" as const,
    title: `Initiative ${i + 1}`,
    submittedAt: now - i * 1000,
    updatedAt: now,
  }));
  const created = await db.insert(initiatives).values(rows).returning({ id: initiatives.id });
  for (const roundId of SIZES.map((_, i) => i + 1)) {
    await db
      .insert(rounds)
      .values({ id: roundId, municipalityId: 1, status: "open", createdBy: 1, title: "Bench" });
    await db.insert(roundInitiatives).values(created.map((c) => ({ roundId, initiativeId: c.id })));
  }
}

/** Each voter gives three different votes; inserted in batches of 50,000 by one statement each. */
async function generateVotes(database: SqliteDatabase, roundId: number, size: number) {
  for (let start = 0; start < size; start += BATCH) {
    const count = Math.min(BATCH, size - start);
    await database.db.run(sql`
      with recursive n(i) as (select ${start} union all select i + 1 from n where i + 1 < ${start + count})
      insert into votes (round_id, initiative_id, voter_id, created_at)
      select ${roundId}, ((i / ${VOTES_PER_VOTER}) * 7 + (i % ${VOTES_PER_VOTER})) % ${INITIATIVES} + 1,
             1000000 + i / ${VOTES_PER_VOTER}, 0
      from n`);
  }
}

async function median(work: () => unknown): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  return times.sort((a, b) => a - b)[Math.floor(REPEATS / 2)]!;
}
