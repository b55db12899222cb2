import { InlineKeyboard } from "grammy";
import type { Round, RoundEntry } from "../../db/repo/rounds.js";
import { type RoundTextStep, SKIPPABLE } from "../../domain/round-draft.js";
import { formatDateTime, formatNumber } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { callbackData } from "../callback-data.js";
import { entryReference, entryTitle } from "./texts.js";

export const RND = "rnd";

const cancelRow = (keyboard: InlineKeyboard, t: Translate, roundId: number) =>
  keyboard.row().text(t("round.cancel"), callbackData(RND, "x", roundId));

export function stepScreen(t: Translate, round: Round, step: RoundTextStep, lead?: string) {
  const keyboard = new InlineKeyboard();
  if (SKIPPABLE.includes(step))
    keyboard.text(
      t(step === "votes" ? "round.useDefault" : "round.skip"),
      callbackData(RND, "skip", round.id, step),
    );
  cancelRow(keyboard, t, round.id);
  const text = [lead, t(`round.steps.${step}`)].filter(Boolean).join("\n\n");
  return { text, keyboard };
}

export function phoneScreen(t: Translate, round: Round) {
  const keyboard = new InlineKeyboard()
    .text(t("round.phoneYes"), callbackData(RND, "ph", round.id, 1))
    .text(t("round.phoneNo"), callbackData(RND, "ph", round.id, 0));
  cancelRow(keyboard, t, round.id);
  return { text: t("round.steps.phone"), keyboard };
}

/** Every approved initiative is in by default; each button leaves one out or takes it back. */
export function initiativesScreen(t: Translate, round: Round, entries: readonly RoundEntry[]) {
  const keyboard = new InlineKeyboard();
  entries.forEach((entry, i) => {
    const mark = entry.included ? "✅" : "▫️";
    keyboard
      .text(
        `${mark} ${i + 1}. ${entryReference(entry)}`,
        callbackData(RND, "inc", round.id, entry.initiativeId),
      )
      .row();
  });
  keyboard.text(t("round.next"), callbackData(RND, "sum", round.id));
  cancelRow(keyboard, t, round.id);
  const lines = entries.map((entry, i) =>
    t("round.entryLine", {
      n: i + 1,
      mark: entry.included ? "✅" : "▫️",
      title: entryTitle(entry),
      reference: entryReference(entry),
    }),
  );
  return { text: [t("round.steps.initiatives"), lines.join("\n")].join("\n\n"), keyboard };
}

export function roundSummary(t: Translate, round: Round, entries: readonly RoundEntry[], reach: number) {
  const time = (ms: number | null) => (ms === null ? t("round.none") : formatDateTime(ms));
  const som = (n: number | null) => (n === null ? t("round.none") : formatNumber(n));
  return [
    t("round.summary", {
      title: round.title ?? "",
      deadline: time(round.submissionDeadline),
      opens: time(round.opensAt),
      closes: time(round.closesAt),
      votes: round.votesPerVoter,
      budget: som(round.totalBudget),
      maxPer: som(round.maxPerInitiative),
      phone: t(round.requirePhone ? "round.phoneYes" : "round.phoneNo"),
      count: entries.filter((e) => e.included).length,
    }),
    t("round.reach", { count: formatNumber(reach) }),
  ].join("\n\n");
}
