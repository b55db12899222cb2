import { AGE_BANDS, GENDERS } from "../../domain/profile.js";
import { REPORT_CATEGORIES, URGENCIES } from "../../domain/report-form.js";
import { LISTED_STATUSES } from "../../domain/report-status.js";
import {
  LEADS,
  type PublishedBreakdown,
  type PublishedStatistics,
  SUBMITTED_STATUSES,
} from "../../domain/statistics.js";
import { type Cell, SMALL, type SuppressedTable } from "../../domain/suppression.js";
import type { Translate } from "../../i18n/index.js";
import { ageLabel, cellHtml, cellText, durationText, genderLabel, percent } from "../../i18n/labels.js";

/** `Women 12 · Men <5`; groups at zero are left out to keep the message short on a small screen. */
function line<K extends string>(table: SuppressedTable<K>, keys: readonly K[], label: (k: K) => string) {
  const parts = keys
    .filter((k) => table.cells[k] !== 0)
    .map((k) => `${label(k)} ${cellHtml(table.cells[k])}`);
  return parts.length ? parts.join(" · ") : "—";
}

function people(t: Translate, title: string, b: PublishedBreakdown) {
  return [
    `<b>${title}:</b> ${cellHtml(b.gender.total)}`,
    line(b.gender, GENDERS, (g) => genderLabel(t, g)),
    line(b.age, AGE_BANDS, (a) => ageLabel(t, a)),
  ];
}

const total = (cell: Cell) => cellHtml(cell);

/** The numbers of /stats as one HTML message. */
export function statisticsText(t: Translate, s: PublishedStatistics, heading: string): string {
  const lead = (k: (typeof LEADS)[number]) => {
    const o = s.ledBy[k];
    return t(`stats.ledBy.${k}`, {
      submitted: cellText(o.submitted),
      approved: `${cellText(o.approved)}${percent(o.approvedShare)}`,
      selected: `${cellText(o.selected)}${percent(o.selectedShare)}`,
    });
  };
  return [
    heading,
    "",
    ...people(t, t("stats.citizens"), s.citizens),
    "",
    `<b>${t("stats.initiatives")}:</b> ${total(s.initiatives.total)}`,
    line(s.initiatives, SUBMITTED_STATUSES, (k) => t(`initiative.status.${k}`)),
    ...people(t, t("stats.authors"), s.authors),
    "",
    ...people(t, t("stats.voters"), s.voters),
    t("stats.votes", { online: cellText(s.votes.online), paper: cellText(s.votes.paper) }),
    "",
    `<b>${t("stats.reports")}:</b> ${total(s.reports.category.total)}`,
    line(s.reports.category, REPORT_CATEGORIES, (k) => t(`report.categories.${k}`)),
    line(s.reports.urgency, URGENCIES, (k) => t(`report.urgencies.${k}`)),
    line(s.reports.status, LISTED_STATUSES, (k) => t(`report.status.${k}`)),
    t("stats.medianAcknowledge", {
      time: durationText(t, s.acknowledge.median),
      n: cellText(s.acknowledge.reports),
    }),
    t("stats.medianResolve", { time: durationText(t, s.resolve.median), n: cellText(s.resolve.reports) }),
    "",
    `<b>${t("stats.leadership")}</b>`,
    ...LEADS.map(lead),
    "",
    `<i>${t("stats.legend", { small: SMALL })}</i>`,
  ].join("\n");
}
