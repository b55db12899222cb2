import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AGE_BANDS, GENDERS } from "../../src/domain/profile.js";
import { REPORT_CATEGORIES, URGENCIES } from "../../src/domain/report-form.js";
import { LISTED_STATUSES } from "../../src/domain/report-status.js";
import {
  participation,
  type Ranked,
  rankInitiatives,
  roundCell,
  roundIdentities,
} from "../../src/domain/round-results.js";
import {
  countStatistics,
  type InitiativeRow,
  LISTED_ON_PAGE,
  type PersonRow,
  publishStatistics,
  type ReportRow,
  type StatisticsInput,
  SUBMITTED_STATUSES,
  statisticsCell,
  statisticsIdentities,
  statisticsValues,
  TAKEN_UP,
} from "../../src/domain/statistics.js";
import { type Cell, HIDDEN, type Identity, SMALL, sumIs } from "../../src/domain/suppression.js";
import { participationCsv } from "../../src/exports/csv-files.js";
import { recover, smallCellsPinned, smallCellsRecovered } from "../support/attacker.js";
import { parseCsv } from "../support/csv.js";

const DAY = 86_400_000;
const START = Date.parse("2026-01-01T00:00:00Z");

/** Small villages on purpose: most groups have 0-6 people, where small cells are everywhere. */
const profile = fc.record({
  gender: fc.constantFrom<string | null>(...GENDERS.filter((g) => g !== "undisclosed"), null),
  ageBand: fc.constantFrom<string | null>(...AGE_BANDS.filter((a) => a !== "undisclosed"), null),
});

const initiatives = fc
  .tuple(
    fc.array(profile, { minLength: 1, maxLength: 8 }),
    fc.array(
      fc.record({
        author: fc.nat(12),
        status: fc.constantFrom(...SUBMITTED_STATUSES),
        forgotten: fc.boolean(),
      }),
      { maxLength: 20 },
    ),
  )
  .map(([authors, rows]): InitiativeRow[] =>
    rows.map(({ author, status, forgotten }) => {
      const who = authors[author % authors.length]!;
      // A forgotten author's initiative stays counted; its author no longer is.
      return forgotten
        ? { status, authorId: null, authorGender: null, authorAgeBand: null }
        : { status, authorId: author % authors.length, authorGender: who.gender, authorAgeBand: who.ageBand };
    }),
  );

const report = fc
  .record({
    category: fc.constantFrom<string | null>(...REPORT_CATEGORIES, null),
    urgency: fc.constantFrom<string | null>(...URGENCIES),
    status: fc.constantFrom(...LISTED_STATUSES),
    day: fc.nat(120),
    reopened: fc.boolean(),
  })
  .map(({ category, urgency, status, day, reopened }): ReportRow => {
    const submittedAt = START + day * DAY;
    const taken = (TAKEN_UP as readonly string[]).includes(status);
    // A report reopened after a resolution counts as resolved once, whatever its status now.
    const resolved = status === "resolved" || (reopened && status === "in_progress");
    return {
      category,
      urgency,
      status,
      submittedAt,
      acknowledgedAt: taken ? submittedAt + DAY : null,
      resolvedAt: resolved ? submittedAt + 2 * DAY : null,
    };
  });

const community = fc
  .record({
    citizens: fc.array(profile, { maxLength: 30 }),
    initiatives,
    voters: fc.array(profile, { maxLength: 25 }),
    votesEach: fc.integer({ min: 1, max: 3 }),
    votesPaper: fc.nat(12),
    reports: fc.array(report, { maxLength: 25 }),
  })
  .map(
    ({ votesEach, ...c }): StatisticsInput => ({
      ...c,
      citizens: c.citizens as PersonRow[],
      votesOnline: c.voters.length * votesEach,
    }),
  );

/** Every number of the participation CSV, by the cell id its first three columns name. */
function csvCells(csv: string): Map<string, Cell> {
  const [, ...rows] = parseCsv(csv.replace(/^\uFEFF/, ""));
  const cells = new Map<string, Cell>();
  for (const [table, dimension, group, value] of rows) {
    // Medians and shares are not counts; shares are checked on their own below.
    if (dimension === "median_hours" || group?.endsWith("_share") || value === undefined) continue;
    const id = `${table}/${dimension}/${group}`;
    cells.set(id, value === SMALL || value === HIDDEN ? value : Number(value));
  }
  return cells;
}

/** The attacker's own equations from the shape of the CSV: every group of rows sums to its total. */
function plainSums(cells: ReadonlyMap<string, Cell>): Identity[] {
  const groups = new Map<string, string[]>();
  for (const id of cells.keys()) {
    const table = id.slice(0, id.lastIndexOf("/"));
    if (!id.endsWith("/total")) groups.set(table, [...(groups.get(table) ?? []), id]);
  }
  return [...groups]
    .filter(([table]) => cells.has(`${table}/total`))
    .map(([table, parts]) => sumIs(`${table}/total`, parts));
}

const shown = (cells: ReadonlyMap<string, Cell>) =>
  new Map([...cells].filter((entry): entry is [string, number] => typeof entry[1] === "number"));

describe("no small group can be worked out from everything one output publishes", () => {
  it("the participation CSV (the numbers of /stats, its chart and the public page): none, in any community", () => {
    fc.assert(
      fc.property(community, (input) => {
        const counts = countStatistics(input);
        const published = publishStatistics(counts);
        const cells = csvCells(participationCsv(published));
        const identities = [...statisticsIdentities(counts.reportsPerMonth.months), ...plainSums(cells)];
        expect(smallCellsRecovered(statisticsValues(counts), shown(cells), identities)).toEqual([]);
        // Nor with what <5 and * mean, line by line.
        expect(smallCellsPinned(statisticsValues(counts), cells, plainSums(cells))).toEqual([]);
        // A share is shown only beside both of its counts: it adds nothing to them.
        for (const o of Object.values(published.ledBy)) {
          if (o.approvedShare !== null)
            expect([typeof o.approved, typeof o.submitted]).toEqual(["number", "number"]);
          if (o.selectedShare !== null)
            expect([typeof o.selected, typeof o.submitted]).toEqual(["number", "number"]);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("the public page, where the approved initiatives are listed one by one: none beyond what the list states", () => {
    fc.assert(
      fc.property(community, (input) => {
        const counts = countStatistics(input);
        const listed = LISTED_ON_PAGE.map(statisticsCell.initiatives);
        const cells = csvCells(participationCsv(publishStatistics(counts, listed)));
        const identities = [...statisticsIdentities(counts.reportsPerMonth.months), ...plainSums(cells)];
        const truth = statisticsValues(counts);
        const fromTheList = recover(new Map(listed.map((id) => [id, truth[id]!])), identities);
        const recovered = smallCellsRecovered(truth, shown(cells), identities);
        expect(recovered.filter((id) => !fromTheList.has(id))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it("a round's results: none beyond what the ranking itself states", () => {
    const round = fc
      .record({
        voters: fc.array(fc.tuple(profile, fc.array(fc.nat(3), { minLength: 1, maxLength: 3 })), {
          maxLength: 14,
        }),
        votesPerVoter: fc.integer({ min: 1, max: 3 }),
        paper: fc.array(fc.nat(6), { minLength: 4, maxLength: 4 }),
      })
      .map(({ voters, votesPerVoter, paper }) => {
        const online = [0, 0, 0, 0];
        for (const [, choices] of voters)
          for (const choice of new Set(choices.slice(0, votesPerVoter))) online[choice]! += 1;
        const ranking: Ranked[] = rankInitiatives(
          online.map((n, i) => ({ initiativeId: i + 1, online: n, paper: paper[i]!, submittedAt: i })),
        );
        return { voters: voters.map(([p]) => p), votesPerVoter, ranking };
      });
    fc.assert(
      fc.property(round, ({ voters, votesPerVoter, ranking }) => {
        const result = participation(
          voters.map((p) => ({ ...p, voters: 1 })),
          ranking,
          votesPerVoter,
        );
        const truth: Record<string, number> = {
          [roundCell.voters]: voters.length,
          ...Object.fromEntries(ranking.map((r) => [roundCell.online(r.initiativeId), r.online])),
        };
        for (const g of GENDERS)
          truth[roundCell.gender(g)] = voters.filter((v) => (v.gender ?? "undisclosed") === g).length;
        for (const a of AGE_BANDS)
          truth[roundCell.age(a)] = voters.filter((v) => (v.ageBand ?? "undisclosed") === a).length;
        const ranked = ranking.map((r) => [roundCell.online(r.initiativeId), r.online] as const);
        const cells = new Map<string, Cell>([
          [roundCell.voters, result.voters],
          ...Object.entries(result.byGender).map(([g, c]) => [roundCell.gender(g), c] as const),
          ...Object.entries(result.byAge).map(([a, c]) => [roundCell.age(a), c] as const),
          ...ranked,
        ]);
        const identities = roundIdentities(ranking, votesPerVoter);
        const fromTheRanking = recover(new Map(ranked), identities);
        const recovered = smallCellsRecovered(truth, shown(cells), identities);
        expect(recovered.filter((id) => !fromTheRanking.has(id))).toEqual([]);
        if (voters.length > 0 && voters.length < 5) expect(result.voters).toBe(SMALL);
      }),
      { numRuns: 300 },
    );
  });
});
