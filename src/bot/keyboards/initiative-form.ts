import { InlineKeyboard, Keyboard } from "grammy";
import {
  INITIATIVE_KINDS,
  type InitiativeFields,
  isApplicable,
  STEP_IDS,
  type StepId,
} from "../../domain/initiative-form.js";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";

/** Form buttons carry the initiative and the step they belong to, so old prompts are recognised. */
export const FORM = "ini";

export interface NavOptions {
  back: boolean;
  skip: boolean;
  /** On the attachments step once something was sent: Done and Remove instead of Skip. */
  done?: boolean;
}

/** Starts a new row unless the last one is still empty. */
export function newRow(keyboard: InlineKeyboard): InlineKeyboard {
  return keyboard.inline_keyboard.at(-1)?.length === 0 ? keyboard : keyboard.row();
}

export function navRows(keyboard: InlineKeyboard, t: Translate, id: number, step: StepId, nav: NavOptions) {
  if (nav.done) {
    newRow(keyboard)
      .text(t("initiative.nav.done"), callbackData(FORM, "skip", id, step))
      .text(t("initiative.nav.clear"), callbackData(FORM, "clear", id));
  }
  // Skip has a row of its own: «Өткөрүп жиберүү» does not fit a third of a phone's row.
  if (nav.skip && !nav.done)
    newRow(keyboard).text(t("initiative.nav.skip"), callbackData(FORM, "skip", id, step));
  newRow(keyboard);
  if (nav.back) keyboard.text(t("initiative.nav.back"), callbackData(FORM, "back", id, step));
  return keyboard.text(t("initiative.nav.cancel"), callbackData(FORM, "cancel", id));
}

export function kindChoices(t: Translate, id: number) {
  const keyboard = new InlineKeyboard();
  for (const kind of INITIATIVE_KINDS)
    keyboard.text(t(`initiative.kinds.${kind}`), callbackData(FORM, "ans", id, "kind", kind)).row();
  return keyboard;
}

/** "More details" opens the optional questions; the step's Skip goes on to the summary. */
export function detailsChoice(t: Translate, id: number) {
  return new InlineKeyboard().text(
    t("initiative.details.open"),
    callbackData(FORM, "ans", id, "details", "open"),
  );
}

/** The one place where Telegram shares a person's own number: a reply keyboard button. */
export function contactKeyboard(t: Translate) {
  return new Keyboard().requestContact(t("initiative.shareContact")).resized().oneTime();
}

export function summaryKeyboard(t: Translate, id: number) {
  return new InlineKeyboard()
    .text(t("initiative.summary.submit"), callbackData(FORM, "submit", id))
    .row()
    .text(t("initiative.summary.edit"), callbackData(FORM, "edit", id))
    .text(t("initiative.nav.cancel"), callbackData(FORM, "cancel", id));
}

export function fieldPicker(t: Translate, id: number, fields: InitiativeFields) {
  const keyboard = new InlineKeyboard();
  // "details" is a door, not an answer: each detail is picked by itself.
  STEP_IDS.filter((step) => step !== "details" && isApplicable(step, fields)).forEach((step, i) => {
    keyboard.text(t(`initiative.fields.${step}`), callbackData(FORM, "goto", id, step));
    if (i % 2 === 1) keyboard.row();
  });
  return newRow(keyboard).text(t("initiative.summary.backToSummary"), callbackData(FORM, "sum", id));
}

export function draftChoice(t: Translate, id: number) {
  return new InlineKeyboard()
    .text(t("initiative.continue"), callbackData(FORM, "cont", id))
    .row()
    .text(t("initiative.startOver"), callbackData(FORM, "new", id));
}

export function discardConfirm(t: Translate, id: number) {
  return new InlineKeyboard()
    .text(t("initiative.cancelYes"), callbackData(FORM, "discard", id))
    .row()
    .text(t("initiative.cancelNo"), callbackData(FORM, "cont", id));
}
