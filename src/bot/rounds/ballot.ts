import { InlineKeyboard } from "grammy";
import type { Round, RoundEntry } from "../../db/repo/rounds.js";
import { rowLimit, truncateLabel } from "../../domain/text.js";
import { formatDateTime } from "../../i18n/format.js";
import type { Translate } from "../../i18n/index.js";
import { Vote } from "../callbacks.js";
import { entryReference, entryTitle } from "./texts.js";

/** The ballot: one short line per initiative, a toggle and a details button each, and the votes used. */
export function ballotMessage(
  t: Translate,
  round: Round,
  entries: readonly RoundEntry[],
  chosen: readonly number[],
) {
  const lines = entries.map((entry, i) =>
    t("vote.line", {
      n: i + 1,
      mark: chosen.includes(entry.initiativeId) ? "✅" : "▫️",
      title: entryTitle(entry),
      reference: entryReference(entry),
    }),
  );
  const text = [
    t("vote.title", {
      title: round.title ?? "",
      closes: formatDateTime(round.closesAt!),
      limit: round.votesPerVoter,
    }),
    lines.join("\n"),
    t("vote.used", { used: chosen.length, limit: round.votesPerVoter }),
  ].join("\n\n");
  // Each initiative's toggle carries its number and title on a full row; the details buttons,
  // numbered like the lines above, share rows of three.
  const keyboard = new InlineKeyboard();
  entries.forEach((entry, i) => {
    const mark = chosen.includes(entry.initiativeId) ? "✅" : "▫️";
    const label = truncateLabel(`${mark} ${i + 1}. ${entry.title ?? entryReference(entry)}`, rowLimit(1));
    keyboard.text(label, Vote.toggle.pack({ round: round.id, initiative: entry.initiativeId })).row();
  });
  entries.forEach((entry, i) => {
    keyboard.text(
      t("vote.detailsButton", { n: i + 1 }),
      Vote.details.pack({ round: round.id, initiative: entry.initiativeId }),
    );
    if (i % 3 === 2 || i === entries.length - 1) keyboard.row();
  });
  return { text, keyboard };
}
