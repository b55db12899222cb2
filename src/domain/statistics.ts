import { INITIATIVE_STATUSES, type InitiativeStatus, isApprovedOrLater } from "./initiative-status.js";
import { monthKey } from "./period.js";
import { AGE_BANDS, type AgeBand, GENDERS, type Gender, isAgeBand, isGender, isYouth } from "./profile.js";
import { REPORT_CATEGORIES, type ReportCategory, URGENCIES, type Urgency } from "./report-form.js";
import { LISTED_STATUSES, type ListedStatus } from "./report-status.js";
import { type Cell, type Identity, type SuppressedTable, sumIs, suppress } from "./suppression.js";

/**
 * Inclusion statistics for LSGs and their funders: pure functions over plain rows that a
 * repository reads, so the same numbers come out of the bot, the exports and the public page.
 */
export interface PersonRow {
  gender: string | null;
  ageBand: string | null;
}

export interface InitiativeRow {
  status: InitiativeStatus;
  /** Null once the author asked to be forgotten: the initiative counts, its author no longer does. */
  authorId: number | null;
  authorGender: string | null;
  authorAgeBand: string | null;
}

export interface ReportRow {
  category: string | null;
  urgency: string | null;
  status: string;
  submittedAt: number;
  /** The first officer action that moved it on from new or escalated. */
  acknowledgedAt: number | null;
  resolvedAt: number | null;
}

export interface StatisticsInput {
  /** People who registered in the period. */
  citizens: PersonRow[];
  /** Initiatives submitted in the period, whatever happened to them since. */
  initiatives: InitiativeRow[];
  /** Each person who voted in the period, once. */
  voters: PersonRow[];
  votesOnline: number;
  votesPaper: number;
  /** Reports sent in the period, without spam and abuse. */
  reports: ReportRow[];
}

export type SubmittedStatus = Exclude<InitiativeStatus, "draft">;
export const SUBMITTED_STATUSES = INITIATIVE_STATUSES.filter((s): s is SubmittedStatus => s !== "draft");
const SELECTED: readonly InitiativeStatus[] = ["selected", "implemented"];

export interface Breakdown {
  gender: Record<Gender, number>;
  age: Record<AgeBand, number>;
}

export interface Outcome {
  submitted: number;
  approved: number;
  selected: number;
}

export const LEADS = ["women", "youth", "all"] as const;
export type Lead = (typeof LEADS)[number];

export interface Duration {
  /** Milliseconds; null when no report got there. */
  median: number | null;
  reports: number;
}

export interface StatisticsCounts {
  citizens: Breakdown;
  authors: Breakdown;
  voters: Breakdown;
  initiatives: Record<SubmittedStatus, number>;
  votes: { online: number; paper: number };
  reports: {
    category: Record<ReportCategory, number>;
    urgency: Record<Urgency, number>;
    status: Record<ListedStatus, number>;
  };
  /** Rows are months (`2026-03`), from the first to the last report; columns follow REPORT_CATEGORIES. */
  reportsPerMonth: { months: string[]; counts: number[][] };
  acknowledge: Duration;
  resolve: Duration;
  ledBy: Record<Lead, Outcome>;
}

const zeros = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;

function countBy<K extends string>(keys: readonly K[], values: readonly (string | null)[], fallback?: K) {
  const counts = zeros(keys);
  for (const value of values) {
    const key = value !== null && (keys as readonly string[]).includes(value) ? (value as K) : fallback;
    if (key !== undefined) counts[key] += 1;
  }
  return counts;
}

/** People who did not say (or whose answer is unknown) are counted as `undisclosed`. */
export function breakdown(people: readonly PersonRow[]): Breakdown {
  return {
    gender: countBy(
      GENDERS,
      people.map((p) => (p.gender && isGender(p.gender) ? p.gender : null)),
      "undisclosed",
    ),
    age: countBy(
      AGE_BANDS,
      people.map((p) => (p.ageBand && isAgeBand(p.ageBand) ? p.ageBand : null)),
      "undisclosed",
    ),
  };
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function duration(reports: readonly ReportRow[], end: (r: ReportRow) => number | null): Duration {
  const spans = reports.flatMap((r) => {
    const at = end(r);
    return at === null ? [] : [at - r.submittedAt];
  });
  return { median: median(spans), reports: spans.length };
}

function outcome(rows: readonly InitiativeRow[]): Outcome {
  return {
    submitted: rows.length,
    approved: rows.filter((r) => isApprovedOrLater(r.status)).length,
    selected: rows.filter((r) => SELECTED.includes(r.status)).length,
  };
}

function monthsBetween(first: string, last: string): string[] {
  const months: string[] = [];
  let [year, month] = first.split("-").map(Number) as [number, number];
  for (let key = first; key <= last; ) {
    months.push(key);
    month += 1;
    if (month > 12) [year, month] = [year + 1, 1];
    key = `${year}-${String(month).padStart(2, "0")}`;
  }
  return months;
}

function perMonth(reports: readonly ReportRow[]) {
  const keys = reports.map((r) => monthKey(r.submittedAt)).sort();
  const months = keys.length ? monthsBetween(keys[0]!, keys.at(-1)!) : [];
  const counts = months.map(() => REPORT_CATEGORIES.map(() => 0));
  for (const r of reports) {
    const column = REPORT_CATEGORIES.indexOf((r.category ?? "other") as ReportCategory);
    counts[months.indexOf(monthKey(r.submittedAt))]![
      column === -1 ? REPORT_CATEGORIES.length - 1 : column
    ]! += 1;
  }
  return { months, counts };
}

/** The exact counts; never shown as they are, only through `publishStatistics`. */
export function countStatistics(input: StatisticsInput): StatisticsCounts {
  const authors = new Map<number, PersonRow>();
  for (const i of input.initiatives)
    if (i.authorId !== null) authors.set(i.authorId, { gender: i.authorGender, ageBand: i.authorAgeBand });
  const { reports } = input;
  return {
    citizens: breakdown(input.citizens),
    authors: breakdown([...authors.values()]),
    voters: breakdown(input.voters),
    initiatives: countBy(
      SUBMITTED_STATUSES,
      input.initiatives.map((i) => i.status),
    ),
    votes: { online: input.votesOnline, paper: input.votesPaper },
    reports: {
      category: countBy(
        REPORT_CATEGORIES,
        reports.map((r) => r.category),
        "other",
      ),
      urgency: countBy(
        URGENCIES,
        reports.map((r) => r.urgency),
      ),
      status: countBy(
        LISTED_STATUSES,
        reports.map((r) => r.status),
      ),
    },
    reportsPerMonth: perMonth(reports),
    acknowledge: duration(reports, (r) => r.acknowledgedAt),
    resolve: duration(reports, (r) => r.resolvedAt),
    ledBy: {
      women: outcome(input.initiatives.filter((i) => i.authorGender === "woman")),
      youth: outcome(input.initiatives.filter((i) => isYouth(i.authorAgeBand as AgeBand | null))),
      all: outcome(input.initiatives),
    },
  };
}

export interface PublishedBreakdown {
  gender: SuppressedTable<Gender>;
  age: SuppressedTable<AgeBand>;
}

export interface PublishedOutcome {
  submitted: Cell;
  approved: Cell;
  selected: Cell;
  /** Shares 0-1, only where both counts are shown: a share of a hidden count would reveal it. */
  approvedShare: number | null;
  selectedShare: number | null;
}

export interface PublishedStatistics {
  citizens: PublishedBreakdown;
  authors: PublishedBreakdown;
  voters: PublishedBreakdown;
  initiatives: SuppressedTable<SubmittedStatus>;
  votes: { online: Cell; paper: Cell };
  reports: {
    category: SuppressedTable<ReportCategory>;
    urgency: SuppressedTable<Urgency>;
    status: SuppressedTable<ListedStatus>;
  };
  reportsPerMonth: { months: string[]; counts: Cell[][] };
  acknowledge: { median: number | null; reports: Cell };
  resolve: { median: number | null; reports: Cell };
  ledBy: Record<Lead, PublishedOutcome>;
}

/** Statuses that mean an officer took the report up: every report in one of them was acknowledged. */
export const TAKEN_UP = ["acknowledged", "in_progress", "referred", "resolved", "unconfirmed"] as const;
const PEOPLE = ["citizens", "authors", "voters"] as const;

/** On the public page, the initiatives listed one by one: their number by status is public. */
export const LISTED_ON_PAGE = SUBMITTED_STATUSES.filter(isApprovedOrLater);

/**
 * Cell ids of the statistics: `table/dimension/group`, the three columns of the participation
 * CSV, so that what the CSV shows and what the identities name are the same cells.
 */
export const statisticsCell = {
  people: (table: (typeof PEOPLE)[number], dimension: "gender" | "age_band", group: string) =>
    `${table}/${dimension}/${group}`,
  initiatives: (status: SubmittedStatus | "total") => `initiatives/status/${status}`,
  votes: (kind: "online" | "paper") => `votes/kind/${kind}`,
  reports: (dimension: "category" | "urgency" | "status", group: string) => `reports/${dimension}/${group}`,
  month: (month: string, category: ReportCategory) => `reports_per_month/${month}/${category}`,
  acknowledged: "time_to_acknowledge/reports/",
  resolved: "time_to_resolve/reports/",
  ledBy: (lead: Lead, outcome: keyof Outcome) => `led_by/${lead}/${outcome}`,
  /** Never shown: the initiatives of a group not approved (not selected), submitted minus approved. */
  ledByRest: (lead: Lead, outcome: "approved" | "selected") => `led_by/${lead}/not_${outcome}`,
};
const C = statisticsCell;

/**
 * Everything that ties the cells of the statistics together, for the suppression and for anyone
 * checking it: totals, the same people by gender and by age band, the report tables that count
 * the same reports, and what an attacker would assume where it is only nearly true (each author
 * leads one initiative; in a round with one vote each, every online vote is a voter).
 */
export function statisticsIdentities(months: readonly string[]): Identity[] {
  const people = PEOPLE.flatMap((table) => {
    const cell = (dimension: "gender" | "age_band", group: string) => C.people(table, dimension, group);
    return [
      sumIs(
        cell("gender", "total"),
        GENDERS.map((g) => cell("gender", g)),
      ),
      sumIs(
        cell("age_band", "total"),
        AGE_BANDS.map((a) => cell("age_band", a)),
      ),
      sumIs(cell("gender", "total"), [cell("age_band", "total")]),
    ];
  });
  const reportTotal = C.reports("category", "total");
  const reports = [
    sumIs(
      reportTotal,
      REPORT_CATEGORIES.map((c) => C.reports("category", c)),
    ),
    sumIs(
      C.reports("urgency", "total"),
      URGENCIES.map((u) => C.reports("urgency", u)),
    ),
    sumIs(
      C.reports("status", "total"),
      LISTED_STATUSES.map((s) => C.reports("status", s)),
    ),
    sumIs(reportTotal, [C.reports("urgency", "total")]),
    sumIs(reportTotal, [C.reports("status", "total")]),
    ...REPORT_CATEGORIES.map((c) =>
      sumIs(
        C.reports("category", c),
        months.map((m) => C.month(m, c)),
      ),
    ),
    sumIs(
      C.acknowledged,
      TAKEN_UP.map((s) => C.reports("status", s)),
    ),
    // Exact unless a resolved report was reopened.
    sumIs(C.resolved, [C.reports("status", "resolved")]),
  ];
  const initiatives = [
    sumIs(C.initiatives("total"), SUBMITTED_STATUSES.map(C.initiatives)),
    sumIs(C.ledBy("all", "submitted"), [C.initiatives("total")]),
    sumIs(C.ledBy("all", "approved"), SUBMITTED_STATUSES.filter(isApprovedOrLater).map(C.initiatives)),
    sumIs(
      C.ledBy("all", "selected"),
      SUBMITTED_STATUSES.filter((s) => SELECTED.includes(s)).map(C.initiatives),
    ),
    ...LEADS.flatMap((lead) =>
      (["approved", "selected"] as const).map((part) =>
        sumIs(C.ledBy(lead, "submitted"), [C.ledBy(lead, part), C.ledByRest(lead, part)]),
      ),
    ),
    sumIs(C.ledBy("women", "submitted"), [C.people("authors", "gender", "woman")]),
    sumIs(
      C.ledBy("youth", "submitted"),
      AGE_BANDS.filter(isYouth).map((a) => C.people("authors", "age_band", a)),
    ),
    sumIs(C.votes("online"), [C.people("voters", "gender", "total")]),
  ];
  return [...people, ...reports, ...initiatives];
}

/** The exact value of every cell of `statisticsIdentities`, rests of shares included. */
export function statisticsValues(counts: StatisticsCounts): Record<string, number> {
  const values: Record<string, number> = {};
  const table = (id: (group: string) => string, cells: Record<string, number>) => {
    for (const [group, n] of Object.entries(cells)) values[id(group)] = n;
    values[id("total")] = sum(Object.values(cells));
  };
  for (const name of PEOPLE) {
    table((g) => C.people(name, "gender", g), counts[name].gender);
    table((a) => C.people(name, "age_band", a), counts[name].age);
  }
  table((s) => C.initiatives(s as SubmittedStatus), counts.initiatives);
  values[C.votes("online")] = counts.votes.online;
  values[C.votes("paper")] = counts.votes.paper;
  for (const dimension of ["category", "urgency", "status"] as const)
    table((g) => C.reports(dimension, g), counts.reports[dimension]);
  counts.reportsPerMonth.months.forEach((month, i) => {
    REPORT_CATEGORIES.forEach((category, c) => {
      values[C.month(month, category)] = counts.reportsPerMonth.counts[i]![c]!;
    });
  });
  values[C.acknowledged] = counts.acknowledge.reports;
  values[C.resolved] = counts.resolve.reports;
  for (const lead of LEADS) {
    const o = counts.ledBy[lead];
    for (const outcome of ["submitted", "approved", "selected"] as const)
      values[C.ledBy(lead, outcome)] = o[outcome];
    values[C.ledByRest(lead, "approved")] = o.submitted - o.approved;
    values[C.ledByRest(lead, "selected")] = o.submitted - o.selected;
  }
  return values;
}

/** Cells that are never shown, but must not be worked out either when they are small. */
export const UNPUBLISHED_CELLS = LEADS.flatMap((lead) => [
  C.ledByRest(lead, "approved"),
  C.ledByRest(lead, "selected"),
]);

/**
 * Every count as it may be shown: small cells as "<5", and cells that would give them away as "*".
 * `known` names cells the same output states anyway (the public page lists the approved
 * initiatives one by one): they are shown as they are and the others are protected against them.
 */
export function publishStatistics(
  counts: StatisticsCounts,
  known: readonly string[] = [],
): PublishedStatistics {
  const { months } = counts.reportsPerMonth;
  const cells = suppress({
    values: statisticsValues(counts),
    identities: statisticsIdentities(months),
    unpublished: UNPUBLISHED_CELLS,
    fixed: known,
  });
  const table = <K extends string>(
    keys: readonly K[],
    id: (group: string) => string,
  ): SuppressedTable<K> => ({
    cells: Object.fromEntries(keys.map((k) => [k, cells[id(k)]!])) as Record<K, Cell>,
    total: cells[id("total")]!,
  });
  const people = (name: (typeof PEOPLE)[number]): PublishedBreakdown => ({
    gender: table(GENDERS, (g) => C.people(name, "gender", g)),
    age: table(AGE_BANDS, (a) => C.people(name, "age_band", a)),
  });
  const share = (lead: Lead, part: "approved" | "selected") => {
    const [shown, whole] = [cells[C.ledBy(lead, part)], cells[C.ledBy(lead, "submitted")]];
    return typeof shown === "number" && typeof whole === "number" && whole > 0 ? shown / whole : null;
  };
  const outcome = (lead: Lead): PublishedOutcome => ({
    submitted: cells[C.ledBy(lead, "submitted")]!,
    approved: cells[C.ledBy(lead, "approved")]!,
    selected: cells[C.ledBy(lead, "selected")]!,
    approvedShare: share(lead, "approved"),
    selectedShare: share(lead, "selected"),
  });
  return {
    citizens: people("citizens"),
    authors: people("authors"),
    voters: people("voters"),
    initiatives: table(SUBMITTED_STATUSES, (s) => C.initiatives(s as SubmittedStatus)),
    votes: { online: cells[C.votes("online")]!, paper: cells[C.votes("paper")]! },
    reports: {
      category: table(REPORT_CATEGORIES, (g) => C.reports("category", g)),
      urgency: table(URGENCIES, (g) => C.reports("urgency", g)),
      status: table(LISTED_STATUSES, (g) => C.reports("status", g)),
    },
    reportsPerMonth: {
      months,
      counts: months.map((month) => REPORT_CATEGORIES.map((category) => cells[C.month(month, category)]!)),
    },
    acknowledge: { median: counts.acknowledge.median, reports: cells[C.acknowledged]! },
    resolve: { median: counts.resolve.median, reports: cells[C.resolved]! },
    ledBy: { women: outcome("women"), youth: outcome("youth"), all: outcome("all") },
  };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
