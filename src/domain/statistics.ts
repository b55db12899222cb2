import { INITIATIVE_STATUSES, type InitiativeStatus, isApprovedOrLater } from "./initiative-status.js";
import { monthKey } from "./period.js";
import { AGE_BANDS, type AgeBand, GENDERS, type Gender, isAgeBand, isGender, isYouth } from "./profile.js";
import { REPORT_CATEGORIES, type ReportCategory, URGENCIES, type Urgency } from "./report-form.js";
import { LISTED_STATUSES, type ListedStatus } from "./report-status.js";
import {
  type Cell,
  type SuppressedTable,
  suppressCount,
  suppressGrid,
  suppressTable,
} from "./suppression.js";

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

const publishBreakdown = (b: Breakdown): PublishedBreakdown => ({
  gender: suppressTable(b.gender),
  age: suppressTable(b.age),
});

/** A part and the rest of its group: hiding the part alone would leave it as total minus rest. */
function publishPart(part: number, whole: number): { cell: Cell; share: number | null } {
  const { cells, total } = suppressTable({ part, rest: whole - part });
  const cell = cells.part;
  return {
    cell,
    share: typeof cell === "number" && typeof total === "number" && whole > 0 ? cell / whole : null,
  };
}

function publishOutcome(o: Outcome): PublishedOutcome {
  const approved = publishPart(o.approved, o.submitted);
  const selected = publishPart(o.selected, o.submitted);
  return {
    submitted: suppressCount(o.submitted),
    approved: approved.cell,
    selected: selected.cell,
    approvedShare: approved.share,
    selectedShare: selected.share,
  };
}

/** Every count as it may be shown: small cells as "<5", and cells that would give them away as "*". */
export function publishStatistics(counts: StatisticsCounts): PublishedStatistics {
  return {
    citizens: publishBreakdown(counts.citizens),
    authors: publishBreakdown(counts.authors),
    voters: publishBreakdown(counts.voters),
    initiatives: suppressTable(counts.initiatives),
    votes: { online: suppressCount(counts.votes.online), paper: suppressCount(counts.votes.paper) },
    reports: {
      category: suppressTable(counts.reports.category),
      urgency: suppressTable(counts.reports.urgency),
      status: suppressTable(counts.reports.status),
    },
    reportsPerMonth: {
      months: counts.reportsPerMonth.months,
      counts: suppressGrid(counts.reportsPerMonth.counts).cells,
    },
    acknowledge: { median: counts.acknowledge.median, reports: suppressCount(counts.acknowledge.reports) },
    resolve: { median: counts.resolve.median, reports: suppressCount(counts.resolve.reports) },
    ledBy: {
      women: publishOutcome(counts.ledBy.women),
      youth: publishOutcome(counts.ledBy.youth),
      all: publishOutcome(counts.ledBy.all),
    },
  };
}
