/**
 * How a report reads for staff and for its reporter, in any surface (Telegram HTML, which is also
 * valid HTML for the Mini App): no grammY, so the bot and the web pages share it.
 */
import { type Municipality, municipalityLabel } from "../db/repo/municipalities.js";
import { type Report, referenceOfReport } from "../db/repo/reports.js";
import { APPROXIMATE_DECIMALS } from "../domain/report-form.js";
import { isHidden } from "../domain/report-status.js";
import type { Locale, Translate } from "../i18n/index.js";

/** Date and time in Kyrgyzstan (UTC+6, no daylight saving), as written there: `29.11.2026 16:00`. */
export function formatKgDateTime(ms: number): string {
  const iso = new Date(ms + 6 * 60 * 60 * 1000).toISOString();
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)} ${iso.slice(11, 16)}`;
}

/**
 * A stored pin as it is shown: to the metre when exact, otherwise to the 2 decimals it was rounded
 * to (about 1 km), so that nobody reads a precision the point does not have.
 */
export function locationValues(report: Pick<Report, "latitude" | "longitude" | "exactLocation">) {
  const digits = report.exactLocation ? 5 : APPROXIMATE_DECIMALS;
  const lat = (report.latitude ?? 0).toFixed(digits);
  const lon = (report.longitude ?? 0).toFixed(digits);
  return { lat, lon, url: `https://maps.google.com/?q=${lat},${lon}` };
}

/**
 * The answers of a report, one line each. User text enters only as interpolation values, which
 * i18next escapes for HTML.
 */
export function reportFieldLines(
  report: Report,
  municipality: Municipality | undefined,
  t: Translate,
  locale: Locale,
  options: { withChoices: boolean },
) {
  const yesNo = (value: boolean | null) => t(value ? "report.yes" : "report.no");
  return [
    report.category
      ? t("report.card.category", { category: t(`report.categories.${report.category}`) })
      : undefined,
    report.urgency
      ? t("report.card.urgency", { urgency: t(`report.urgencies.${report.urgency}`) })
      : undefined,
    municipality
      ? t("report.card.municipality", { municipality: municipalityLabel(municipality, locale) })
      : undefined,
    report.placeText ? t("report.card.place", { place: report.placeText }) : undefined,
    report.latitude !== null && report.longitude !== null
      ? t(
          report.exactLocation ? "report.card.location" : "report.card.locationApproximate",
          locationValues(report),
        )
      : undefined,
    report.affected.length > 0
      ? t("report.card.affected", {
          groups: report.affected.map((g) => t(`report.affectedGroups.${g}`)).join(", "),
        })
      : undefined,
    report.text ? t("report.card.text", { text: report.text }) : undefined,
    report.voiceFileId ? t("report.card.voice") : undefined,
    report.photoFileId ? t("report.card.photo") : undefined,
    options.withChoices ? t("report.card.anonymous", { answer: yesNo(report.anonymous) }) : undefined,
    options.withChoices && report.mayContact !== null
      ? t("report.card.contact", { answer: yesNo(report.mayContact) })
      : undefined,
  ].filter((line): line is string => line !== undefined);
}

/** The reporter as officers may see them: only a name the reporter chose to give. */
export interface NamedReporter {
  name: string | null;
  username: string | null;
}

/**
 * The officers' card. The reporter's identity is shown only when the report is not anonymous and
 * a name was stored; otherwise nothing about them is in the text, not even that they are known.
 */
export function officerCard(
  input: { report: Report; municipality: Municipality | undefined; reporter: NamedReporter | undefined },
  t: Translate,
  locale: Locale,
  lead?: string,
) {
  const { report, municipality, reporter } = input;
  const named = !report.anonymous && reporter?.name ? reporter : undefined;
  const who = named
    ? t("officer.card.reporterNamed", {
        name: named.username ? `${named.name} (@${named.username})` : named.name,
      })
    : t("officer.card.reporterAnonymous");
  const header = [
    report.urgent && !isHidden(report.status) ? t("officer.card.urgentLead") : undefined,
    lead,
    t("officer.card.header", {
      reference: referenceOfReport(report),
      status: t(`report.status.${report.status}`),
    }),
  ];
  const fields = reportFieldLines(report, municipality, t, locale, { withChoices: false });
  return [
    header.filter(Boolean).join("\n"),
    fields.join("\n"),
    [
      who,
      t(report.mayContact ? "officer.card.mayContact" : "officer.card.noContact"),
      report.submittedAt
        ? t("officer.card.sentAt", { date: formatKgDateTime(report.submittedAt) })
        : undefined,
    ]
      .filter(Boolean)
      .join("\n"),
  ].join("\n\n");
}

/** One line of a list: urgent mark, reference, category, status, date. */
export function reportListLine(
  report: Report,
  t: Translate,
  statusLabel = t(`report.status.${report.status}`),
) {
  return t("officer.list.line", {
    mark: report.urgent ? "🚨 " : "",
    reference: referenceOfReport(report),
    category: report.category ? t(`report.categories.${report.category}`) : "",
    status: statusLabel,
    date: report.submittedAt ? formatKgDateTime(report.submittedAt) : "",
  });
}
