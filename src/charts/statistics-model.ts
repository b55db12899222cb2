import { AGE_BANDS, GENDERS } from "../domain/profile.js";
import { REPORT_CATEGORIES } from "../domain/report-form.js";
import type { PublishedStatistics } from "../domain/statistics.js";
import { SMALL } from "../domain/suppression.js";
import type { Translate } from "../i18n/index.js";
import { ageLabel, genderLabel } from "../i18n/labels.js";
import type { StatisticsChart } from "./statistics-chart.js";

const PEOPLE_COLOURS = ["#1b6ca8", "#e07a1f", "#2a9d5b"];
const CATEGORY_COLOURS = ["#b5179e", "#3a86ff", "#2a9d8f", "#e76f51", "#6c757d"];

/** Chart texts are plain (no emoji: the chart font has none). */
const plain = (s: string) => s.replace(/\p{Extended_Pictographic}\s*/gu, "").trim();

export function statisticsChart(t: Translate, s: PublishedStatistics, heading: string): StatisticsChart {
  const peopleTables = [s.citizens, s.authors, s.voters];
  return {
    heading: plain(heading),
    participation: {
      title: t("stats.chart.participation"),
      series: [t("stats.citizens"), t("stats.authors"), t("stats.voters")].map((label, i) => ({
        label,
        colour: PEOPLE_COLOURS[i]!,
      })),
      groups: [
        ...GENDERS.map((g) => ({
          label: genderLabel(t, g),
          cells: peopleTables.map((b) => b.gender.cells[g]),
        })),
        ...AGE_BANDS.filter((a) => a !== "undisclosed").map((a) => ({
          label: ageLabel(t, a),
          cells: peopleTables.map((b) => b.age.cells[a]),
        })),
      ],
    },
    monthly: {
      title: t("stats.chart.reportsPerMonth"),
      categories: REPORT_CATEGORIES.map((c, i) => ({
        label: plain(t(`report.categories.${c}`)),
        colour: CATEGORY_COLOURS[i]!,
      })),
      months: s.reportsPerMonth.months.map((month, i) => ({
        label: `${month.slice(5)}.${month.slice(0, 4)}`,
        cells: s.reportsPerMonth.counts[i]!,
      })),
      empty: t("stats.chart.noReports"),
    },
    legend: t("stats.legend", { small: SMALL, interpolation: { escapeValue: false } }),
  };
}
