import { describe, expect, it } from "vitest";
import type { InitiativeStatus } from "../../src/domain/initiative-status.js";
import {
  countStatistics,
  type InitiativeRow,
  median,
  publishStatistics,
  type ReportRow,
  type StatisticsInput,
  statisticsCell,
  statisticsIdentities,
  statisticsValues,
} from "../../src/domain/statistics.js";
import { HIDDEN, SMALL } from "../../src/domain/suppression.js";
import { recover } from "../support/attacker.js";

const HOUR = 3_600_000;
const JAN = Date.parse("2026-01-10T06:00:00Z");
const MAR = Date.parse("2026-03-10T06:00:00Z");

const times = <T>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));

function initiativesBy(
  author: (i: number) => number,
  gender: string,
  ageBand: string,
  statuses: InitiativeStatus[],
): InitiativeRow[] {
  return statuses.map((status, i) => ({
    status,
    authorId: author(i),
    authorGender: gender,
    authorAgeBand: ageBand,
  }));
}

/** A generated municipality whose every answer is known by construction. */
function generated(): StatisticsInput {
  const report = (
    category: string,
    submittedAt: number,
    ack: number | null,
    resolved: number | null,
  ): ReportRow => ({
    category,
    urgency: "recent",
    status: resolved ? "resolved" : ack ? "acknowledged" : "new",
    submittedAt,
    acknowledgedAt: ack === null ? null : submittedAt + ack,
    resolvedAt: resolved === null ? null : submittedAt + resolved,
  });
  return {
    citizens: [
      ...times(12, () => ({ gender: "woman", ageBand: "18-28" })),
      ...times(7, () => ({ gender: "man", ageBand: "29-35" })),
      ...times(3, () => ({ gender: null, ageBand: null })),
    ],
    initiatives: [
      // Six women aged 18-28, one initiative each.
      ...initiativesBy((i) => 100 + i, "woman", "18-28", [
        "approved",
        "approved",
        "selected",
        "selected",
        "rejected",
        "submitted",
      ]),
      // Five men aged 36-55, two initiatives each.
      ...initiativesBy((i) => 200 + Math.floor(i / 2), "man", "36-55", [
        ...times(5, () => "approved" as const),
        ...times(5, () => "rejected" as const),
      ]),
      // An author who asked to be forgotten: the initiative counts, the author no longer does.
      { status: "implemented", authorId: null, authorGender: null, authorAgeBand: null },
    ],
    voters: [
      ...times(9, () => ({ gender: "woman", ageBand: "under18" })),
      ...times(6, () => ({ gender: "man", ageBand: "56plus" })),
    ],
    votesOnline: 40,
    votesPaper: 3,
    reports: [
      report("family", JAN, 1 * HOUR, 10 * HOUR),
      report("family", JAN + HOUR, 2 * HOUR, 20 * HOUR),
      report("resources", MAR, 3 * HOUR, null),
      report("resources", MAR + HOUR, 4 * HOUR, null),
      report("resources", MAR + 2 * HOUR, 5 * HOUR, null),
      report("lsg", MAR + 3 * HOUR, null, null),
    ],
  };
}

describe("statistics on a generated data set", () => {
  const counts = countStatistics(generated());

  it("counts citizens, authors (once each) and voters by gender and age band", () => {
    expect(counts.citizens.gender).toEqual({ woman: 12, man: 7, undisclosed: 3 });
    expect(counts.citizens.age).toMatchObject({ "18-28": 12, "29-35": 7, undisclosed: 3, under18: 0 });
    expect(counts.authors.gender).toEqual({ woman: 6, man: 5, undisclosed: 0 });
    expect(counts.authors.age).toMatchObject({ "18-28": 6, "36-55": 5 });
    expect(counts.voters.gender).toEqual({ woman: 9, man: 6, undisclosed: 0 });
    expect(counts.votes).toEqual({ online: 40, paper: 3 });
  });

  it("counts initiatives by status and the outcomes of those led by women and youth", () => {
    expect(counts.initiatives).toMatchObject({
      approved: 7,
      selected: 2,
      rejected: 6,
      submitted: 1,
      implemented: 1,
    });
    expect(counts.ledBy.women).toEqual({ submitted: 6, approved: 4, selected: 2 });
    expect(counts.ledBy.youth).toEqual({ submitted: 6, approved: 4, selected: 2 });
    expect(counts.ledBy.all).toEqual({ submitted: 17, approved: 10, selected: 3 });
  });

  it("counts reports by category and month, and the median times to acknowledge and resolve", () => {
    expect(counts.reports.category).toEqual({ family: 2, youth: 0, resources: 3, lsg: 1, other: 0 });
    expect(counts.reportsPerMonth.months).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(counts.reportsPerMonth.counts).toEqual([
      [2, 0, 0, 0, 0],
      [0, 0, 0, 0, 0],
      [0, 0, 3, 1, 0],
    ]);
    expect(counts.acknowledge).toEqual({ median: 3 * HOUR, reports: 5 });
    expect(counts.resolve).toEqual({ median: 15 * HOUR, reports: 2 });
  });

  it("publishes every count under 5 as <5, with a second cell hidden where one could be backed out", () => {
    const published = publishStatistics(counts);
    expect(published.citizens.gender).toEqual({
      cells: { woman: 12, man: HIDDEN, undisclosed: SMALL },
      total: 22,
    });
    expect(published.authors.gender).toEqual({ cells: { woman: 6, man: 5, undisclosed: 0 }, total: 11 });
    expect(published.reports.category.cells).toEqual({
      family: SMALL,
      youth: 0,
      resources: SMALL,
      lsg: SMALL,
      other: 0,
    });
    expect(published.reports.category.total).toBe(6);
    expect(published.votes).toEqual({ online: 40, paper: SMALL });
  });

  it("gives shares only where neither the part nor the rest is small", () => {
    const { ledBy } = publishStatistics(counts);
    // 4 of 6 approved: the 2 not approved would be a small group, so the 4 is hidden as well.
    expect(ledBy.women).toMatchObject({ submitted: 6, approved: SMALL, approvedShare: null });
    expect(ledBy.all).toMatchObject({ submitted: 17, approved: 10, approvedShare: 10 / 17 });
    expect(ledBy.all).toMatchObject({ selected: SMALL, selectedShare: null });
  });

  it("takes the median of an even number of values as the mean of the middle two", () => {
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
  });
});

describe("the review's example: led by women 6, authors 18 of whom 10 did not say", () => {
  // Six women, two men and ten who did not say, each author with one initiative: a village where
  // "initiatives led by women" and "women authors" are the same number.
  const input: StatisticsInput = {
    citizens: [],
    initiatives: [
      ...initiativesBy(
        (i) => 100 + i,
        "woman",
        "36-55",
        times(6, () => "submitted" as const),
      ),
      ...initiativesBy(
        (i) => 200 + i,
        "man",
        "36-55",
        times(2, () => "submitted" as const),
      ),
      ...times(10, (i) => ({
        status: "submitted" as const,
        authorId: 300 + i,
        authorGender: null,
        authorAgeBand: "36-55",
      })),
    ],
    voters: [],
    votesOnline: 0,
    votesPaper: 0,
    reports: [],
  };
  const counts = countStatistics(input);
  const published = publishStatistics(counts);

  it("hides the women's initiatives too: women authors * and led by women 6 gave the 2 men", () => {
    expect(published.authors.gender).toEqual({
      cells: { woman: HIDDEN, man: SMALL, undisclosed: 10 },
      total: 18,
    });
    expect(published.ledBy.women.submitted).toBe(HIDDEN);
    expect(published.ledBy.women.approvedShare).toBeNull();
  });

  it("leaves the attacker of the review nothing to solve for", () => {
    const C = statisticsCell;
    const shown = new Map<string, number>([
      [C.people("authors", "gender", "total"), 18],
      [C.people("authors", "gender", "undisclosed"), 10],
    ]);
    if (typeof published.ledBy.women.submitted === "number")
      shown.set(C.ledBy("women", "submitted"), published.ledBy.women.submitted);
    const recovered = recover(shown, statisticsIdentities([]));
    expect(recovered.has(C.people("authors", "gender", "man"))).toBe(false);
    // What the same attacker got from the old tables, table by table.
    const before = new Map([...shown, [C.ledBy("women", "submitted"), 6]]);
    expect(recover(before, statisticsIdentities([])).get(C.people("authors", "gender", "man"))).toBe(
      statisticsValues(counts)[C.people("authors", "gender", "man")],
    );
  });
});
