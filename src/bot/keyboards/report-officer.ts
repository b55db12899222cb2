import { InlineKeyboard } from "grammy";
import type { Report } from "../../db/repo/reports.js";
import { REPORT_CATEGORIES, type ReportCategory } from "../../domain/report-form.js";
import {
  LISTED_STATUSES,
  type ListedStatus,
  MODERATOR_ACTIONS,
  nextReportStatus,
  OFFICER_ACTIONS,
} from "../../domain/report-status.js";
import type { Translate } from "../../i18n/index.js";
import { Officer } from "../callbacks.js";
import { blockButton } from "./blocking.js";

export interface CardRights {
  /** An officer of the report's municipality, or an admin. */
  act: boolean;
  moderate: boolean;
}

/** The actions possible from the report's status, two to a row, then asking and moderation. */
export function reportActionsKeyboard(t: Translate, report: Report, rights: CardRights) {
  const keyboard = new InlineKeyboard();
  if (rights.act) {
    const possible = OFFICER_ACTIONS.filter((action) => nextReportStatus(report.status, action));
    // "Not enough information" is too wide for half a phone's row in every language: a row of its own.
    const paired = possible.filter((action) => action !== "unconfirm");
    paired.forEach((action, i) => {
      keyboard.text(t(`officer.actions.${action}`), Officer.act.pack({ report: report.id, action }));
      if (i % 2 === 1) keyboard.row();
    });
    if (possible.includes("unconfirm"))
      keyboard
        .row()
        .text(t("officer.actions.unconfirm"), Officer.act.pack({ report: report.id, action: "unconfirm" }));
    if (report.mayContact)
      keyboard.row().text(t("officer.actions.ask"), Officer.ask.pack({ report: report.id }));
  }
  if (rights.moderate) {
    keyboard.row();
    for (const kind of MODERATOR_ACTIONS)
      if (nextReportStatus(report.status, kind))
        keyboard.text(
          t(`officer.actions.${kind}`),
          Officer.moderate.pack({ report: report.id, action: kind }),
        );
    blockButton(keyboard, t, "report", report.id);
  }
  return keyboard;
}

export function commentKeyboard(t: Translate, reportId: number) {
  return new InlineKeyboard().text(t("officer.actions.comment"), Officer.comment.pack({ report: reportId }));
}

export type StatusFilter = ListedStatus | "open";
export type CategoryFilter = ReportCategory | "all";

export interface ListPage {
  status: StatusFilter;
  category: CategoryFilter;
  offset: number;
}

export const listData = (page: ListPage) => Officer.list.pack(page);

/** A button per report, then filters by status and category; the current filter is marked. */
export function reportListKeyboard(
  t: Translate,
  rows: readonly { id: number; label: string }[],
  page: ListPage,
  nextOffset: number | undefined,
) {
  const keyboard = new InlineKeyboard();
  rows.forEach((row, i) => {
    keyboard.text(row.label, Officer.open.pack({ report: row.id }));
    if (i % 2 === 1) keyboard.row();
  });
  if (nextOffset !== undefined)
    keyboard.row().text(t("officer.list.more"), listData({ ...page, offset: nextOffset }));
  const mark = (on: boolean, label: string) => (on ? `• ${label}` : label);
  keyboard.row();
  (["open", ...LISTED_STATUSES] as const).forEach((status, i) => {
    // Filters name statuses and categories in a word or two: two of them share a phone's row.
    const label = status === "open" ? t("officer.list.open") : t(`officer.list.statusShort.${status}`);
    keyboard.text(mark(page.status === status, label), listData({ ...page, status, offset: 0 }));
    if (i % 2 === 1) keyboard.row();
  });
  keyboard.row();
  (["all", ...REPORT_CATEGORIES] as const).forEach((category, i) => {
    const label =
      category === "all" ? t("officer.list.allCategories") : t(`officer.list.categoryShort.${category}`);
    keyboard.text(mark(page.category === category, label), listData({ ...page, category, offset: 0 }));
    if (i % 2 === 1) keyboard.row();
  });
  return keyboard;
}
