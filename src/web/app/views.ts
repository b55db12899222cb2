import type { Initiative } from "../../db/repo/initiatives.js";
import { type Municipality, municipalityLabel } from "../../db/repo/municipalities.js";
import type { ReportEvent } from "../../db/repo/report-history.js";
import type { Report } from "../../db/repo/reports.js";
import type { RoundEntry } from "../../db/repo/rounds.js";
import { NOTE_MAX, REJECT_REASONS } from "../../domain/initiative-status.js";
import { REPORT_CATEGORIES, type ReportCategory, URGENCIES, type Urgency } from "../../domain/report-form.js";
import {
  LISTED_STATUSES,
  type ListedStatus,
  MODERATOR_ACTIONS,
  nextReportStatus,
  OFFICER_ACTIONS,
} from "../../domain/report-status.js";
import { escapeHtml } from "../../domain/text.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import type { Locale, Translate } from "../../i18n/index.js";
import {
  formatKgDateTime,
  type NamedReporter,
  officerCard,
  reportListLine,
} from "../../staff/report-card.js";
import { APP_SCRIPT } from "./script.js";

export type Tab = "reports" | "initiatives" | "rounds" | "stats";
const TABS: readonly Tab[] = ["reports", "initiatives", "rounds", "stats"];

/**
 * Telegram's theme through its CSS variables (the page script sets them from themeParams), with
 * light and dark fallbacks for a browser outside Telegram. No web font, no framework.
 */
const STYLE = `:root{color-scheme:light dark}
body{margin:0;font:15px/1.4 system-ui,-apple-system,Roboto,sans-serif;background:var(--tg-bg-color,#fff);color:var(--tg-text-color,#111)}
@media (prefers-color-scheme:dark){body{background:var(--tg-bg-color,#17212b);color:var(--tg-text-color,#f5f5f5)}}
nav{display:flex;overflow-x:auto;background:var(--tg-secondary-bg-color,#f0f2f5);position:sticky;top:0}
nav a{flex:1 1 auto;text-align:center;padding:.6rem .2rem;color:var(--tg-text-color,inherit);text-decoration:none;white-space:nowrap;font-size:.78rem}
nav a[aria-current]{border-bottom:3px solid var(--tg-button-color,#2481cc);color:var(--tg-button-color,#2481cc)}
main{padding:.5rem .75rem}a{color:var(--tg-link-color,#2481cc)}
ul.l{list-style:none;padding:0;margin:0}ul.l li{border-bottom:1px solid var(--tg-section-separator-color,#ddd)}
ul.l a{display:block;padding:.6rem .1rem;text-decoration:none;color:inherit}
.h,.muted{color:var(--tg-hint-color,#777);font-size:.85rem}
.card{white-space:pre-line;background:var(--tg-secondary-bg-color,#f0f2f5);padding:.6rem;border-radius:8px;overflow-wrap:anywhere}
form.f{display:flex;flex-wrap:wrap;gap:.3rem;margin:.3rem 0}select,textarea,input{font:inherit;max-width:100%;flex:1 1 30%;min-width:0;padding:.3rem;background:var(--tg-bg-color,inherit);color:inherit}
textarea{width:100%;flex-basis:100%;box-sizing:border-box}
button{font:inherit;border:0;border-radius:8px;padding:.55rem .7rem;background:var(--tg-button-color,#2481cc);color:var(--tg-button-text-color,#fff)}
.ok{color:#2e7d32}.err{color:#c62828}table{border-collapse:collapse;width:100%;font-size:.85rem}td,th{text-align:left;padding:.2rem;border-bottom:1px solid var(--tg-section-separator-color,#ddd)}td{overflow-wrap:anywhere}td.n{text-align:right}
.pg{display:flex;justify-content:space-between;align-items:center;gap:.5rem}`;

/** FNV-1a of the page's style and script: it changes exactly when the cached page must. */
function versionOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return hash.toString(36);
}

/** Sent with every view (X-App-Version): a cached page of another version fetches the new one. */
export const SHELL_VERSION = versionOf(STYLE + APP_SCRIPT);

/** A view already in the page: the page opened with a pass (see routes.ts) holds the list. */
export interface PageView {
  locale: Locale;
  title: string;
  /** A fragment(). */
  view: string;
}

/**
 * The page Telegram opens. Without a view it holds no data and no language yet (who it is for is
 * known only from the init data the script sends with each request), so it is the same for
 * everyone and cacheable. The script comes first, so that the first view is on its way while the
 * rest is parsed; `data-shown` tells it that the view is here already.
 */
export function appPage(shown?: PageView): string {
  const script = APP_SCRIPT.replace("%VERSION%", SHELL_VERSION);
  const html = shown ? `<html lang="${shown.locale}" data-shown>` : `<html lang="ky">`;
  const title = shown ? escapeHtml(shown.title) : "Ынтымак";
  const body = shown ? shown.view : `<p class="h" style="padding:1rem">…</p>`;
  return `<!doctype html>${html}<head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1"><meta name="referrer" content="no-referrer"><title>${title}</title><script>${script}</script><style>${STYLE}</style></head><body><div id="app">${body}</div></body></html>`;
}

/** One view: the tabs and the content, in the staff member's language (`lang` for the script). */
export function fragment(t: Translate, locale: Locale, tab: Tab, body: string): string {
  const tabs = TABS.map(
    (name) =>
      `<a href="#" data-v="/app/v/${name}"${name === tab ? ' aria-current="page"' : ""}>${t(`app.tabs.${name}`)}</a>`,
  ).join("");
  return `<div lang="${locale}" data-title="${escapeHtml(t("app.title"))}"><nav>${tabs}</nav><main>${body}</main></div>`;
}

/** The rows of a list the server sends at once; the next ones are a page further. */
export const PAGE_SIZE = 30;

/** A page's first row: a multiple of the page size, else the first page. */
export function pageOffset(text: string | undefined): number {
  const offset = Number(text);
  return Number.isSafeInteger(offset) && offset > 0 && offset % PAGE_SIZE === 0 ? offset : 0;
}

/**
 * Which rows of how many are shown, with links to the pages before and after; `url` already
 * carries the list's filters, `key` names the offset (two lists on one view page apart).
 */
export function pager(
  t: Translate,
  url: string,
  key: string,
  page: { offset: number; total: number; size: number },
): string {
  const { offset, total, size } = page;
  if (total <= size && offset === 0) return "";
  const link = (to: number, text: string, rel: string) =>
    `<a href="#" rel="${rel}" data-v="${escapeHtml(`${url}${url.includes("?") ? "&" : "?"}${key}=${to}`)}">${text}</a>`;
  const range = t("app.range", {
    from: formatNumber(Math.min(offset + 1, total)),
    to: formatNumber(Math.min(offset + size, total)),
    total: formatNumber(total),
  });
  return [
    `<p class="pg">`,
    offset > 0 ? link(Math.max(0, offset - size), t("app.prev"), "prev") : "<span></span>",
    `<span class="h">${range}</span>`,
    offset + size < total ? link(offset + size, t("app.next"), "next") : "<span></span>",
    "</p>",
  ].join("");
}

export interface ReportListFilter {
  status: ListedStatus | "open";
  category: ReportCategory | "all";
  urgency: Urgency | "all";
}

function select(
  name: string,
  label: string,
  values: readonly string[],
  current: string,
  text: (v: string) => string,
) {
  const options = values.map(
    (v) => `<option value="${v}"${v === current ? " selected" : ""}>${escapeHtml(text(v))}</option>`,
  );
  return `<select name="${name}" aria-label="${escapeHtml(label)}">${options.join("")}</select>`;
}

export function reportList(
  t: Translate,
  filter: ReportListFilter,
  rows: readonly Report[],
  total: number,
): string {
  const any = t("app.filter.any");
  const form = [
    `<form class="f" method="get" action="/app/v/reports">`,
    select("status", t("app.filter.status"), ["open", ...LISTED_STATUSES], filter.status, (v) =>
      v === "open" ? t("officer.list.open") : t(`report.status.${v}`),
    ),
    select("category", t("app.filter.category"), ["all", ...REPORT_CATEGORIES], filter.category, (v) =>
      v === "all" ? any : t(`report.categories.${v}`),
    ),
    select("urgency", t("app.filter.urgency"), ["all", ...URGENCIES], filter.urgency, (v) =>
      v === "all" ? any : t(`report.urgencies.${v}`),
    ),
    `<noscript><button>${t("app.filter.show")}</button></noscript></form>`,
  ].join("");
  const items = rows.map(
    (r) =>
      `<li><a href="#" data-v="/app/v/reports/${r.id}" data-report="${r.id}">${reportListLine(r, t)}</a></li>`,
  );
  const list =
    items.length > 0 ? `<ul class="l">${items.join("")}</ul>` : `<p>${t("officer.list.empty")}</p>`;
  return `${form}<p class="h" id="count">${t("app.count", { count: total })}</p>${list}`;
}

function eventLine(t: Translate, event: ReportEvent): string {
  const what =
    event.version === null ? t(`app.eventNote.${event.action}`) : t(`report.status.${event.toStatus}`);
  const comment = event.comment ? `<br><span class="muted">«${escapeHtml(event.comment)}»</span>` : "";
  return `<li>${t("app.event", { date: formatKgDateTime(event.createdAt), what: escapeHtml(what) })}${comment}</li>`;
}

export interface Flash {
  ok: boolean;
  /** Already HTML (a translation). */
  text: string;
}

export const flashLine = (flash: Flash | undefined) =>
  flash ? `<p class="${flash.ok ? "ok" : "err"}" role="status">${flash.text}</p>` : "";

export interface InitiativeDetail {
  initiative: Initiative;
  municipality: Municipality | undefined;
  mayDecide: boolean;
  flash?: Flash;
}

/** What a moderator needs to decide: the proposal's main answers, and the three decisions. */
export function initiativeDetail(t: Translate, locale: Locale, d: InitiativeDetail): string {
  const { initiative: i } = d;
  const lines = [
    t("initiative.card.header", { reference: referenceOf(i), status: t(`initiative.status.${i.status}`) }),
    i.title ? t("initiative.card.title", { title: i.title }) : "",
    d.municipality
      ? t("initiative.card.municipality", { municipality: municipalityLabel(d.municipality, locale) })
      : "",
    i.problem ? t("initiative.card.problem", { text: i.problem }) : "",
    i.solution ? t("initiative.card.solution", { text: i.solution }) : "",
    i.beneficiaries ? t("initiative.card.beneficiaries", { who: i.beneficiaries }) : "",
    i.cost ? t("initiative.card.cost", { amount: formatNumber(i.cost) }) : "",
  ].filter(Boolean);
  const reasons = REJECT_REASONS.map((r) => `<option value="${r}">${t(`moderation.reasons.${r}`)}</option>`);
  const decide =
    d.mayDecide && i.status === "submitted"
      ? [
          `<form class="f" method="post" action="/app/v/initiatives/${i.id}/decide"><input type="hidden" name="version" value="${i.version}">`,
          `<button name="action" value="approve">${t("moderation.approve")}</button>`,
          `<select name="reason" aria-label="${escapeHtml(t("app.reason"))}"><option value="">${t("moderation.writeReason")}</option>${reasons.join("")}</select>`,
          `<textarea name="text" rows="3" maxlength="${NOTE_MAX}" aria-label="${escapeHtml(t("app.decisionText"))}" placeholder="${escapeHtml(t("app.decisionText"))}"></textarea>`,
          `<button name="action" value="requestChanges">${t("moderation.requestChanges")}</button>`,
          `<button name="action" value="reject">${t("moderation.reject")}</button></form>`,
        ].join("")
      : "";
  return [
    `<p><a href="#" data-v="/app/v/initiatives">${t("app.back")}</a></p>`,
    flashLine(d.flash),
    `<div class="card" id="initiative" data-status="${i.status}">${lines.join("\n\n")}</div>`,
    decide,
  ].join("");
}

/** One number per initiative of an open round: the paper votes counted at a village meeting. */
export function paperVoteForms(t: Translate, roundId: number, entries: readonly RoundEntry[]): string {
  return entries
    .map(
      (e, i) =>
        `<form class="f" method="post" action="/app/v/rounds/${roundId}/paper"><input type="hidden" name="initiative" value="${e.initiativeId}"><label style="flex-basis:100%">${t("round.paper", { n: i + 1 })} · ${escapeHtml(e.title ?? "—")}</label><input type="number" name="count" min="0" inputmode="numeric" value="${e.paperVotes}" aria-label="${escapeHtml(t("round.paper", { n: i + 1 }))}"><button>${t("app.save")}</button></form>`,
    )
    .join("");
}

export interface ReportDetail {
  report: Report;
  municipality: Municipality | undefined;
  reporter: NamedReporter | undefined;
  events: readonly ReportEvent[];
  /** The person may act for the report's municipality (officer or admin), not only see it. */
  mayAct: boolean;
  /** Moderators and admins may mark it as spam or abuse, which hides it from the officers. */
  mayModerate: boolean;
  flash?: Flash;
}

export function reportDetail(t: Translate, locale: Locale, d: ReportDetail): string {
  const { report } = d;
  const flash = flashLine(d.flash);
  const actions = OFFICER_ACTIONS.filter((a) => nextReportStatus(report.status, a)).map(
    (a) => `<button name="action" value="${a}">${t(`officer.actions.${a}`)}</button>`,
  );
  const act = d.mayAct
    ? [
        actions.length > 0
          ? `<form class="f" method="post" action="/app/v/reports/${report.id}/act">${actions.join("")}</form>`
          : "",
        `<form class="f" method="post" action="/app/v/reports/${report.id}/note"><textarea name="text" rows="3" maxlength="1000" aria-label="${escapeHtml(t("app.note"))}" placeholder="${escapeHtml(t("app.note"))}"></textarea>`,
        `<button name="kind" value="comment">${t("app.comment")}</button>`,
        report.mayContact ? `<button name="kind" value="question">${t("app.question")}</button>` : "",
        "</form>",
      ].join("")
    : "";
  const moderate = d.mayModerate
    ? `<form class="f" method="post" action="/app/v/reports/${report.id}/act">${MODERATOR_ACTIONS.map(
        (a) => `<button name="action" value="${a}">${t(`officer.actions.${a}`)}</button>`,
      ).join("")}</form>`
    : "";
  return [
    `<p><a href="#" data-v="/app/v/reports" data-back>${t("app.back")}</a></p>`,
    flash,
    `<div class="card" id="report" data-status="${report.status}">${officerCard(d, t, locale)}</div>`,
    act,
    moderate,
    `<h3>${t("app.history")}</h3><ul>${d.events.map((e) => eventLine(t, e)).join("")}</ul>`,
  ].join("");
}
