import type { Municipality } from "../../db/repo/municipalities.js";
import type { Report } from "../../db/repo/reports.js";
import type { Locale, Translate } from "../../i18n/index.js";
import { reportFieldLines } from "../../staff/report-card.js";

// The form shows the rounded pin with the card's own formatting.
export { locationValues } from "../../staff/report-card.js";

/** What the reporter checks before sending. */
export function reportSummary(
  report: Report,
  municipality: Municipality | undefined,
  t: Translate,
  locale: Locale,
) {
  return [
    t("report.summary.lead"),
    reportFieldLines(report, municipality, t, locale, { withChoices: true }).join("\n"),
    t("report.summary.ask"),
  ].join("\n\n");
}
