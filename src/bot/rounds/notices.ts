import { InlineKeyboard } from "grammy";
import type { Database } from "../../db/database.js";
import { activeCitizensOf } from "../../db/repo/citizens.js";
import { findMunicipality, municipalityLabel } from "../../db/repo/municipalities.js";
import type { OutboxMessage } from "../../db/repo/outbox.js";
import { officersOf } from "../../db/repo/recipients.js";
import type { Round, RoundEntry } from "../../db/repo/rounds.js";
import { findUser } from "../../db/repo/users.js";
import { votersOf } from "../../db/repo/votes.js";
import type { RoundResults } from "../../domain/round-results.js";
import { fitWithin, TELEGRAM_TEXT_LIMIT, truncate } from "../../domain/text.js";
import { formatDateTime, formatNumber } from "../../i18n/format.js";
import { type Locale, translator } from "../../i18n/index.js";
import { Vote } from "../callbacks.js";
import { entryReference, entryTitle, localeOf, resultsText } from "./texts.js";

export interface RoundNoticeDeps {
  database: Database;
  config: { defaultLocale: Locale };
}

async function municipalityName(deps: RoundNoticeDeps, round: Round, locale: Locale) {
  const municipality = await findMunicipality(deps.database.db, round.municipalityId);
  return municipality ? municipalityLabel(municipality, locale) : "";
}

/** Every active citizen of the municipality, in their language, with a Vote button; one bulk batch. */
export async function announcementNotices(deps: RoundNoticeDeps, round: Round): Promise<OutboxMessage[]> {
  const citizens = await activeCitizensOf(deps.database.db, round.municipalityId);
  const names = new Map<Locale, string>();
  const messages: OutboxMessage[] = [];
  for (const citizen of citizens) {
    const locale = localeOf(citizen, deps.config.defaultLocale);
    if (!names.has(locale)) names.set(locale, await municipalityName(deps, round, locale));
    const t = translator(locale);
    messages.push({
      chatId: citizen.id,
      dedupeKey: `round:${round.id}:announce:${citizen.id}`,
      bulk: true,
      payload: {
        text: t("vote.announcement", {
          municipality: names.get(locale),
          title: round.title ?? "",
          closes: formatDateTime(round.closesAt!),
          limit: round.votesPerVoter,
        }),
        parseMode: "HTML",
        buttons: new InlineKeyboard().text(t("vote.announcementButton"), Vote.open.pack({ round: round.id })),
      },
    });
  }
  return messages;
}

/** The person who created the round learns that it opened and how many people it reached. */
export async function openedNotice(
  deps: RoundNoticeDeps,
  round: Round,
  reached: number,
): Promise<OutboxMessage[]> {
  const creator = await findUser(deps.database.db, round.createdBy);
  if (!creator) return [];
  const t = translator(localeOf(creator, deps.config.defaultLocale));
  return [
    {
      chatId: creator.id,
      dedupeKey: `round:${round.id}:opened:${creator.id}`,
      payload: {
        text: t("round.opened", { title: round.title ?? "", count: formatNumber(reached) }),
        parseMode: "HTML",
      },
    },
  ];
}

/** Participants (in bulk), authors and officers, each once, in their language. */
export async function resultsNotices(
  deps: RoundNoticeDeps,
  round: Round,
  results: RoundResults,
  entries: readonly RoundEntry[],
): Promise<OutboxMessage[]> {
  const { db } = deps.database;
  const recipients = new Map<number, { locale: string; bulk: boolean }>();
  for (const voter of await votersOf(db, round.id))
    recipients.set(voter.id, { locale: voter.locale, bulk: true });
  for (const entry of entries) {
    const author = entry.authorId ? await findUser(db, entry.authorId) : undefined;
    if (author) recipients.set(author.id, { locale: author.locale, bulk: false });
  }
  for (const officer of await officersOf(db, round.municipalityId))
    recipients.set(officer.id, { locale: officer.locale, bulk: false });
  const texts = new Map<Locale, string>();
  const messages: OutboxMessage[] = [];
  for (const [chatId, recipient] of recipients) {
    const locale = localeOf(recipient, deps.config.defaultLocale);
    if (!texts.has(locale)) {
      const name = await municipalityName(deps, round, locale);
      texts.set(locale, resultsText(translator(locale), round, results, entries, name));
    }
    messages.push({
      chatId,
      dedupeKey: `round:${round.id}:results:${chatId}`,
      bulk: recipient.bulk,
      payload: { text: texts.get(locale)!, parseMode: "HTML" },
    });
  }
  return messages;
}

export type Outcome = "selected" | "not_selected" | "implemented";

/** The author and everyone who voted for the initiative hear the commission's decision and the report. */
export async function outcomeNotices(
  deps: RoundNoticeDeps,
  round: Round,
  entry: RoundEntry,
  outcome: { status: Outcome; amount?: number | null; report?: string; photoId?: string | null },
): Promise<OutboxMessage[]> {
  const { db } = deps.database;
  const recipients = new Map<number, string>();
  for (const voter of await votersOf(db, round.id, entry.initiativeId))
    recipients.set(voter.id, voter.locale);
  const author = entry.authorId ? await findUser(db, entry.authorId) : undefined;
  if (author) recipients.set(author.id, author.locale);
  return [...recipients].map(([chatId, storedLocale]) => {
    const t = translator(localeOf({ locale: storedLocale }, deps.config.defaultLocale));
    const text = fitWithin(TELEGRAM_TEXT_LIMIT, (max) =>
      t(`results.outcome.${outcome.status}`, {
        title: entryTitle(entry),
        reference: entryReference(entry),
        amount: formatNumber(outcome.amount ?? 0),
        report: truncate(outcome.report ?? "", max),
      }),
    );
    return {
      chatId,
      dedupeKey: `round:${round.id}:initiative:${entry.initiativeId}:${outcome.status}:${chatId}`,
      bulk: chatId !== author?.id,
      payload: {
        text,
        parseMode: "HTML" as const,
        ...(outcome.photoId ? { media: { kind: "photo" as const, fileId: outcome.photoId } } : {}),
      },
    };
  });
}
