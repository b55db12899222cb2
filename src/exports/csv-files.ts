import type { closedRoundsForExport, initiativesForExport, reportsForExport } from "../db/repo/exports.js";
import { type CsvValue, toCsv } from "../domain/csv.js";
import { REPORT_CATEGORIES } from "../domain/report-form.js";
import type { RoundResults } from "../domain/round-results.js";
import { LEADS, type PublishedBreakdown, type PublishedStatistics } from "../domain/statistics.js";
import type { Cell, SuppressedTable } from "../domain/suppression.js";

/** The column names are documented in the README ("Exports"): keep the two in step. */
export interface CsvFile {
  name: string;
  content: Uint8Array;
}

const OFFSET_MS = 6 * 60 * 60 * 1000;
/** `2026-03-31 14:05`, Bishkek time: sorts as text and every spreadsheet reads it. */
export const csvTime = (ms: number | null | undefined) =>
  ms === null || ms === undefined
    ? null
    : new Date(ms + OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");

const reference = (prefix: string, year: number | null, seq: number | null) =>
  year && seq ? `${prefix}-${year}-${String(seq).padStart(4, "0")}` : null;

type InitiativeExport = Awaited<ReturnType<typeof initiativesForExport>>[number];
type RoundExport = Awaited<ReturnType<typeof closedRoundsForExport>>;
type ReportExport = Awaited<ReturnType<typeof reportsForExport>>[number];

export const INITIATIVE_COLUMNS = [
  "reference",
  "municipality",
  "status",
  "title",
  "kind",
  "place",
  "problem",
  "solution",
  "beneficiaries",
  "beneficiaries_women",
  "beneficiaries_youth",
  "cost_som",
  "own_contribution_som",
  "timeline_months",
  "group_size",
  "group_women",
  "group_youth",
  "submitted_at",
  "decided_at",
] as const;

export function initiativesCsv(rows: readonly InitiativeExport[]): string {
  return toCsv(
    INITIATIVE_COLUMNS,
    rows.map((r) => [
      reference("I", r.refYear, r.refSeq),
      r.municipality,
      r.status,
      r.title,
      r.kind,
      r.place,
      r.problem,
      r.solution,
      r.beneficiaryCount,
      r.womenCount,
      r.youthCount,
      r.cost,
      r.contributionMoney,
      r.timelineMonths,
      r.groupSize,
      r.groupWomen,
      r.groupYouth,
      csvTime(r.submittedAt),
      csvTime(r.decidedAt),
    ]),
  );
}

export const ROUND_RESULT_COLUMNS = [
  "round_id",
  "municipality",
  "round_title",
  "opens_at",
  "closes_at",
  "rank",
  "reference",
  "initiative_title",
  "online_votes",
  "paper_votes",
  "total_votes",
  "initiative_status",
  "funded_som",
] as const;

export function roundResultsCsv({ rounds, entries }: RoundExport): string {
  const rows: CsvValue[][] = rounds.flatMap((round) =>
    ((round.results as RoundResults | null)?.ranking ?? []).map((ranked) => {
      const entry = entries.find((e) => e.roundId === round.id && e.initiativeId === ranked.initiativeId);
      return [
        round.id,
        round.municipality,
        round.title,
        csvTime(round.opensAt),
        csvTime(round.closedAt ?? round.closesAt),
        ranked.rank,
        entry ? reference("I", entry.refYear, entry.refSeq) : null,
        entry?.title,
        ranked.online,
        ranked.paper,
        ranked.total,
        entry?.status,
        entry?.fundedAmount,
      ];
    }),
  );
  return toCsv(ROUND_RESULT_COLUMNS, rows);
}

export const REPORT_COLUMNS = [
  "reference",
  "municipality",
  "category",
  "urgency",
  "status",
  "place",
  "text",
  "affected",
  "has_voice",
  "has_photo",
  "submitted_at",
  "acknowledged_at",
  "resolved_at",
] as const;

/** No reporter identity at all: the rows come from a query that never reads report_reporters. */
export function reportsCsv(rows: readonly ReportExport[]): string {
  return toCsv(
    REPORT_COLUMNS,
    rows.map((r) => [
      reference("R", r.refYear, r.refSeq),
      r.municipality,
      r.category,
      r.urgency,
      r.status,
      r.place,
      r.text,
      r.affected.join(" "),
      r.hasVoice,
      r.hasPhoto,
      csvTime(r.submittedAt),
      csvTime(r.acknowledgedAt),
      csvTime(r.resolvedAt),
    ]),
  );
}

export const PARTICIPATION_COLUMNS = ["table", "dimension", "group", "value"] as const;

const tableRows = (table: string, dimension: string, t: SuppressedTable<string>): CsvValue[][] => [
  ...Object.entries<Cell>(t.cells).map(([group, value]) => [table, dimension, group, value]),
  [table, dimension, "total", t.total],
];

const breakdownRows = (table: string, b: PublishedBreakdown) => [
  ...tableRows(table, "gender", b.gender),
  ...tableRows(table, "age_band", b.age),
];

const share = (value: number | null) => (value === null ? null : Math.round(value * 1000) / 1000);
const hours = (ms: number | null) => (ms === null ? null : Math.round(ms / 36_000) / 100);

/** The published statistics, with the same small-cell protection as /stats and the public page. */
export function participationCsv(s: PublishedStatistics): string {
  const rows: CsvValue[][] = [
    ...breakdownRows("citizens", s.citizens),
    ...breakdownRows("authors", s.authors),
    ...breakdownRows("voters", s.voters),
    ...tableRows("initiatives", "status", s.initiatives),
    ["votes", "kind", "online", s.votes.online],
    ["votes", "kind", "paper", s.votes.paper],
    ...tableRows("reports", "category", s.reports.category),
    ...tableRows("reports", "urgency", s.reports.urgency),
    ...tableRows("reports", "status", s.reports.status),
    ...s.reportsPerMonth.months.flatMap((month, i) =>
      REPORT_CATEGORIES.map((category, c) => [
        "reports_per_month",
        month,
        category,
        s.reportsPerMonth.counts[i]![c]!,
      ]),
    ),
    ["time_to_acknowledge", "median_hours", "", hours(s.acknowledge.median)],
    ["time_to_acknowledge", "reports", "", s.acknowledge.reports],
    ["time_to_resolve", "median_hours", "", hours(s.resolve.median)],
    ["time_to_resolve", "reports", "", s.resolve.reports],
    ...LEADS.flatMap((lead) => {
      const o = s.ledBy[lead];
      return [
        ["led_by", lead, "submitted", o.submitted],
        ["led_by", lead, "approved", o.approved],
        ["led_by", lead, "selected", o.selected],
        ["led_by", lead, "approved_share", share(o.approvedShare)],
        ["led_by", lead, "selected_share", share(o.selectedShare)],
      ];
    }),
  ];
  return toCsv(PARTICIPATION_COLUMNS, rows);
}
