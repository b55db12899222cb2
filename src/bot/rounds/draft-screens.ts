import { InlineKeyboard } from "grammy";
import type { Round, RoundEntry } from "../../db/repo/rounds.js";
import { formatDateTime, formatNumber } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { RoundDraft } from "../callbacks.js";
import { entryReference, entryTitle } from "./texts.js";

/** Every approved initiative is in by default; each button leaves one out or takes it back. */
export function initiativesScreen(t: Translate, round: Round, entries: readonly RoundEntry[]) {
  const keyboard = new InlineKeyboard();
  entries.forEach((entry, i) => {
    const mark = entry.included ? "✅" : "▫️";
    keyboard
      .text(
        `${mark} ${i + 1}. ${entryReference(entry)}`,
        RoundDraft.include.pack({ id: round.id, initiative: entry.initiativeId }),
      )
      .row();
  });
  keyboard
    .text(t("round.next"), RoundDraft.summary.pack({ id: round.id }))
    .row()
    .text(t("round.cancel"), RoundDraft.cancel.pack({ id: round.id }));
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
