import type { RoundEntry } from "../../db/repo/rounds.js";
import { type Cell, type RoundResults, shownVoters } from "../../domain/round-results.js";
import { truncate } from "../../domain/text.js";
import { formatNumber, referenceOf } from "../../i18n/format.js";
import { isLocale, type Locale, type Translate } from "../../i18n/index.js";

export const localeOf = (recipient: { locale: string }, fallback: Locale): Locale =>
  isLocale(recipient.locale) ? recipient.locale : fallback;

export const entryTitle = (entry: Pick<RoundEntry, "title">) => truncate(entry.title ?? "", 120);
export const entryReference = (entry: Pick<RoundEntry, "refYear" | "refSeq">) => referenceOf(entry) ?? "";

const cell = (value: Cell) => (typeof value === "number" ? formatNumber(value) : value);

/** The published results: ranking with online and paper votes, then participation with small groups hidden. */
export function resultsText(
  t: Translate,
  round: { title: string | null },
  results: RoundResults,
  entries: readonly RoundEntry[],
  municipality: string,
): string {
  const byId = new Map(entries.map((e) => [e.initiativeId, e]));
  const lines = results.ranking.map((r) => {
    const entry = byId.get(r.initiativeId);
    return t("results.line", {
      rank: r.rank,
      title: entry ? entryTitle(entry) : "",
      reference: entry ? entryReference(entry) : "",
      total: formatNumber(r.total),
      online: formatNumber(r.online),
      paper: formatNumber(r.paper),
    });
  });
  const { participation } = results;
  const list = (prefix: string, values: Record<string, Cell>) =>
    Object.entries(values)
      .map(([key, value]) => `${t(`${prefix}.${key}`)}: ${cell(value)}`)
      .join(", ");
  return [
    t("results.title", { title: round.title ?? "", municipality }),
    lines.join("\n"),
    [
      t("results.voters", { count: cell(shownVoters(participation)) }),
      t("results.byGender", { list: list("profile.gender", participation.byGender) }),
      t("results.byAge", { list: list("profile.age", participation.byAge) }),
      t("results.smallCells"),
    ].join("\n"),
  ]
    .filter(Boolean)
    .join("\n\n");
}
