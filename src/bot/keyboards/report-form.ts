import { InlineKeyboard } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import {
  AFFECTED_GROUPS,
  type AffectedGroup,
  REPORT_CATEGORIES,
  type ReportPosition,
  URGENCIES,
} from "../../domain/report-form.js";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";

/** The reporter's form; its buttons carry the draft and, where it matters, the step they belong to. */
export const REPORT_FORM = "rf";
/** What the reporter does after sending: clear the chat, answer a question, say whether it is resolved. */
export const REPORTER = "rr";

export interface NavOptions {
  back: boolean;
  /** Label of the button that leaves the step without (more) input, if the step allows it. */
  forward?: "next" | "skip";
}

function newRow(keyboard: InlineKeyboard): InlineKeyboard {
  return keyboard.inline_keyboard.at(-1)?.length === 0 ? keyboard : keyboard.row();
}

export function withNav(
  keyboard: InlineKeyboard,
  t: Translate,
  id: number,
  step: ReportPosition,
  nav: NavOptions,
) {
  // Next or Skip has a row of its own: «Өткөрүп жиберүү» does not fit a third of a phone's row.
  if (nav.forward)
    newRow(keyboard).text(t(`report.nav.${nav.forward}`), callbackData(REPORT_FORM, "next", id, step));
  newRow(keyboard);
  if (nav.back) keyboard.text(t("report.nav.back"), callbackData(REPORT_FORM, "back", id, step));
  return keyboard.text(t("report.nav.cancel"), callbackData(REPORT_FORM, "cancel", id));
}

export function categoryChoices(t: Translate, id: number) {
  const keyboard = new InlineKeyboard();
  for (const category of REPORT_CATEGORIES)
    keyboard.text(t(`report.categories.${category}`), callbackData(REPORT_FORM, "cat", id, category)).row();
  return keyboard;
}

export function urgencyChoices(t: Translate, id: number) {
  const keyboard = new InlineKeyboard();
  for (const urgency of URGENCIES)
    keyboard.text(t(`report.urgencies.${urgency}`), callbackData(REPORT_FORM, "urg", id, urgency)).row();
  return keyboard;
}

export function affectedChoices(t: Translate, id: number, chosen: readonly AffectedGroup[]) {
  const keyboard = new InlineKeyboard();
  for (const group of AFFECTED_GROUPS) {
    const mark = chosen.includes(group) ? "☑️" : "⬜️";
    keyboard
      .text(`${mark} ${t(`report.affectedGroups.${group}`)}`, callbackData(REPORT_FORM, "aff", id, group))
      .row();
  }
  return keyboard;
}

/** Yes / No for the anonymity and contact steps, the current answer ticked. */
export function yesNoChoices(t: Translate, id: number, action: "anon" | "cont", current: boolean | null) {
  const tick = (value: boolean, label: string) => (current === value ? `✅ ${label}` : label);
  const keys = action === "anon" ? ["anonymousYes", "anonymousNo"] : ["contactYes", "contactNo"];
  return new InlineKeyboard()
    .text(tick(true, t(`report.${keys[0]}`)), callbackData(REPORT_FORM, action, id, "y"))
    .row()
    .text(tick(false, t(`report.${keys[1]}`)), callbackData(REPORT_FORM, action, id, "n"))
    .row();
}

/** The exact point travels in the button until pressed: a pin is stored rounded by default. */
export function exactPinChoice(t: Translate, id: number, pin: { latitude: number; longitude: number }) {
  const lat = pin.latitude.toFixed(6);
  const lon = pin.longitude.toFixed(6);
  return new InlineKeyboard().text(
    t("report.pinExactButton"),
    callbackData(REPORT_FORM, "exact", id, lat, lon),
  );
}

export function removeVoiceChoice(t: Translate, id: number) {
  return new InlineKeyboard().text(t("report.removeVoice"), callbackData(REPORT_FORM, "novoice", id));
}

export function summaryChoices(t: Translate, id: number) {
  const keyboard = new InlineKeyboard()
    .text(t("report.nav.send"), callbackData(REPORT_FORM, "send", id))
    .row();
  return withNav(keyboard, t, id, "summary", { back: true });
}

export function clearChatKeyboard(t: Translate) {
  return new InlineKeyboard().text(t("report.clearButton"), callbackData(REPORTER, "clear"));
}

export function answerKeyboard(t: Translate, reportId: number, eventId: number) {
  return new InlineKeyboard().text(
    t("report.answerButton"),
    callbackData(REPORTER, "ans", reportId, eventId),
  );
}

export function resolvedKeyboard(t: Translate, reportId: number) {
  return new InlineKeyboard()
    .text(t("report.resolvedYes"), callbackData(REPORTER, "ok", reportId))
    .row()
    .text(t("report.resolvedNo"), callbackData(REPORTER, "no", reportId));
}

/** Outbox payloads store plain Bot API markup. */
export function plainMarkup(keyboard: InlineKeyboard): InlineKeyboardMarkup {
  return { inline_keyboard: keyboard.inline_keyboard };
}
