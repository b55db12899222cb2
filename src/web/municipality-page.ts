import { type Municipality, municipalityLabel } from "../db/repo/municipalities.js";
import type { PublicInitiative, PublicRound, PublicSnapshot } from "../db/repo/public-page.js";
import { AGE_BANDS, GENDERS } from "../domain/profile.js";
import { REPORT_CATEGORIES } from "../domain/report-form.js";
import { LISTED_STATUSES } from "../domain/report-status.js";
import type { RoundResults } from "../domain/round-results.js";
import { LEADS, type PublishedStatistics, SUBMITTED_STATUSES } from "../domain/statistics.js";
import { type Cell, SMALL, type SuppressedTable } from "../domain/suppression.js";
import { escapeHtml } from "../domain/text.js";
import { formatDateTime, formatNumber, referenceOf } from "../i18n/format.js";
import { LOCALES, type Locale, type Translate, translator } from "../i18n/index.js";
import { ageLabel, cellText, durationText, genderLabel, percent } from "../i18n/labels.js";
import { pageShell } from "./layout.js";

export interface MunicipalityPageData {
  municipality: Municipality;
  rounds: PublicRound[];
  initiatives: PublicInitiative[];
  /** The daily counts; null until the first are computed. */
  snapshot: PublicSnapshot | null;
}

const cell = (c: Cell) => escapeHtml(cellText(c));
const row = (cells: string[], numeric = 1) =>
  `<tr>${cells.map((c, i) => (i >= numeric ? `<td class="n">${c}</td>` : `<td>${c}</td>`)).join("")}</tr>`;
const head = (cells: string[], numeric = 1) =>
  `<tr>${cells.map((c, i) => `<th${i >= numeric ? ' class="n"' : ""}>${c}</th>`).join("")}</tr>`;

function initiativeName(e: { title: string | null; refYear: number | null; refSeq: number | null }) {
  const reference = referenceOf(e);
  return `${escapeHtml(e.title ?? "—")}${reference ? ` <span class="muted">${reference}</span>` : ""}`;
}

/** A round as the public sees it: its initiatives while open, the ranking once closed. */
export function roundSection(t: Translate, round: PublicRound): string {
  const title = round.title ? escapeHtml(round.title) : t("web.roundTitle", { id: round.id });
  if (round.status === "open") {
    const items = round.entries.map((e) => `<li>${initiativeName(e)}</li>`).join("");
    return `<h3>${title}</h3><p>${t("web.openUntil", { date: round.closesAt ? formatDateTime(round.closesAt) : "—" })}</p><ul>${items}</ul>`;
  }
  const results = round.results as RoundResults | null;
  const rows = (results?.ranking ?? []).map((r) => {
    const entry = round.entries.find((e) => e.initiativeId === r.initiativeId);
    const name = entry ? initiativeName(entry) : "—";
    const status = entry ? t(`initiative.status.${entry.status}`) : "";
    return row([String(r.rank), `${name}<br><span class="muted">${status}</span>`, formatNumber(r.total)], 2);
  });
  const closed = round.closedAt ?? round.closesAt;
  return `<h3>${title}</h3><p class="muted">${t("web.closedOn", { date: closed ? formatDateTime(closed) : "—" })}</p><table>${head([t("web.rank"), t("web.initiative"), t("web.votes")], 2)}${rows.join("")}</table>`;
}

function breakdownTable(t: Translate, s: PublishedStatistics): string {
  const tables = [s.citizens, s.authors, s.voters];
  const section = (title: string) => `<tr><th colspan="4">${title}</th></tr>`;
  const lines = [
    section(t("web.byGender")),
    ...GENDERS.map((g) => row([genderLabel(t, g), ...tables.map((b) => cell(b.gender.cells[g]))])),
    section(t("web.byAge")),
    ...AGE_BANDS.map((a) => row([ageLabel(t, a), ...tables.map((b) => cell(b.age.cells[a]))])),
  ];
  return `<table>${head([t("web.group"), t("stats.citizens"), t("stats.authors"), t("stats.voters")])}${lines.join("")}${row(["Σ", ...tables.map((b) => cell(b.gender.total))])}</table>`;
}

function countTable<K extends string>(
  title: string,
  table: SuppressedTable<K>,
  keys: readonly K[],
  label: (k: K) => string,
) {
  const lines = keys.filter((k) => table.cells[k] !== 0).map((k) => row([label(k), cell(table.cells[k])]));
  return `<h3>${title}: ${cell(table.total)}</h3>${lines.length ? `<table>${lines.join("")}</table>` : ""}`;
}

function statisticsSection(t: Translate, snapshot: PublicSnapshot | null): string {
  if (!snapshot) return `<h2>${t("web.counts")}</h2><p>${t("web.noSnapshot")}</p>`;
  const [year, month, day] = snapshot.day.split("-");
  return [
    `<h2>${t("web.counts")}</h2>`,
    `<p class="muted">${t("web.asOf", { day, month, year })}</p>`,
    statisticsTables(t, snapshot.statistics),
  ].join("");
}

/** The /stats tables, already suppressed: the public page and the staff workspace show the same. */
export function statisticsTables(t: Translate, s: PublishedStatistics): string {
  const leads = LEADS.map((k) => {
    const o = s.ledBy[k];
    return `<li>${t(`stats.ledBy.${k}`, {
      submitted: cellText(o.submitted),
      approved: `${cellText(o.approved)}${percent(o.approvedShare)}`,
      selected: `${cellText(o.selected)}${percent(o.selectedShare)}`,
    })}</li>`;
  }).join("");
  return [
    breakdownTable(t, s),
    `<p>${t("stats.votes", { online: cellText(s.votes.online), paper: cellText(s.votes.paper) })}</p>`,
    countTable(t("stats.initiatives"), s.initiatives, SUBMITTED_STATUSES, (k) => t(`initiative.status.${k}`)),
    `<h3>${t("stats.leadership")}</h3><ul>${leads}</ul>`,
    countTable(t("stats.reports"), s.reports.category, REPORT_CATEGORIES, (k) => t(`report.categories.${k}`)),
    countTable(t("web.status"), s.reports.status, LISTED_STATUSES, (k) => t(`report.status.${k}`)),
    `<p>${t("stats.medianAcknowledge", { time: durationText(t, s.acknowledge.median), n: cellText(s.acknowledge.reports) })}<br>`,
    `${t("stats.medianResolve", { time: durationText(t, s.resolve.median), n: cellText(s.resolve.reports) })}</p>`,
    `<p class="muted">${t("stats.legend", { small: SMALL })}</p>`,
  ].join("");
}

export function municipalityPage(locale: Locale, data: MunicipalityPageData): string {
  const t = translator(locale);
  const { municipality } = data;
  const title = t("web.title", { name: municipalityLabel(municipality, locale) });
  const open = data.rounds.filter((r) => r.status === "open");
  const closed = data.rounds.filter((r) => r.status === "closed");
  const initiatives = data.initiatives.map((i) =>
    row(
      [
        initiativeName(i),
        t(`initiative.status.${i.status}`),
        i.cost ? t("web.som", { amount: formatNumber(i.cost) }) : "—",
      ],
      2,
    ),
  );
  const body = [
    `<h1>${title}</h1><p class="muted">${t("web.intro")}</p>`,
    `<h2>${t("web.roundsOpen")}</h2>`,
    open.length ? open.map((r) => roundSection(t, r)).join("") : `<p>${t("web.noRounds")}</p>`,
    `<h2>${t("web.roundsClosed")}</h2>`,
    closed.length ? closed.map((r) => roundSection(t, r)).join("") : `<p>${t("web.noRounds")}</p>`,
    `<h2>${t("web.initiatives")}</h2>`,
    initiatives.length
      ? `<table>${head([t("web.initiative"), t("web.status"), t("web.cost")], 2)}${initiatives.join("")}</table>`
      : `<p>${t("web.noInitiatives")}</p>`,
    statisticsSection(t, data.snapshot),
  ].join("");
  return pageShell({
    locale,
    title,
    languageHref: (l) => `/m/${encodeURIComponent(municipality.slug)}?lang=${l}`,
    languageLabel: t("web.language"),
    body,
  });
}

/** One page in every language: the address names no language to answer in. */
export function notFoundPage(): string {
  const body = LOCALES.map((l) => {
    const t = translator(l);
    return `<section lang="${l}"><h1>${t("web.notFound")}</h1><p>${t("web.notFoundText")}</p></section>`;
  }).join("");
  return pageShell({ locale: "ky", title: translator("ky")("web.notFound"), languageLabel: "", body });
}
