import { InlineKeyboard } from "grammy";
import { type Attachment, type Initiative, listAttachments } from "../../db/repo/initiatives.js";
import { findMunicipality } from "../../db/repo/municipalities.js";
import type { OutboxMessage } from "../../db/repo/outbox.js";
import { moderators, officersOf, type Recipient } from "../../db/repo/recipients.js";
import { findUser } from "../../db/repo/users.js";
import { isRejectReason } from "../../domain/initiative-status.js";
import { fitWithin, TELEGRAM_TEXT_LIMIT, truncate } from "../../domain/text.js";
import { referenceOf } from "../../i18n/format.js";
import { isLocale, type Locale, type Translate, translator } from "../../i18n/index.js";
import type { InitiativeActionDeps } from "../../staff/initiative-actions.js";
import { MyInitiatives } from "../callbacks.js";
import type { BotDeps } from "../context.js";
import { markup, moderationKeyboard, queueKeyboard } from "../keyboards/moderation.js";
import { cardFiles, initiativeCard } from "../views/initiative-card.js";

/**
 * What other people are told about an initiative, as outbox rows in each reader's own language.
 * Everything is read first; the rows are built from the initiative as the transition leaves it,
 * so that buttons carry its new version and the rows go into the same batch as the change.
 */
export type Notices = (updated: Initiative) => OutboxMessage[];

const localeOf = (recipient: { locale: string }, fallback: Locale): Locale =>
  isLocale(recipient.locale) ? recipient.locale : fallback;

const key = (updated: Initiative, suffix: string) =>
  `initiative:${updated.id}:${updated.status}:v${updated.version}:${suffix}`;

/** The files of a card (see cardFiles) as outbox rows to one chat, quietly, after the card. */
function fileMessages(
  chatId: number,
  updated: Initiative,
  attachments: readonly Attachment[],
  t: Translate,
  to: string,
): OutboxMessage[] {
  return cardFiles(updated, attachments, t).map((file) => ({
    chatId,
    dedupeKey: key(updated, `${to}:${file.key}`),
    payload: {
      text: file.caption,
      parseMode: "HTML",
      media: { kind: file.kind, fileId: file.fileId },
      disableNotification: true,
    },
  }));
}

/** The moderators' group gets the whole card and every attachment; without a group, each moderator a pointer to /queue. */
export async function submissionNotices(
  deps: BotDeps,
  initiative: Initiative,
  /** The moderators, when the caller read them with its other reads. */
  moderatorsRead?: readonly Recipient[],
): Promise<Notices> {
  const { db } = deps.database;
  const { moderationChatId, defaultLocale } = deps.config;
  const resubmitted = initiative.status === "changes_requested";
  if (moderationChatId === undefined) {
    const recipients = moderatorsRead ?? (await moderators(db));
    return (updated) =>
      recipients.map((moderator) => {
        const t = translator(localeOf(moderator, defaultLocale));
        return {
          chatId: moderator.id,
          dedupeKey: key(updated, `moderator:${moderator.id}`),
          payload: {
            text: t("moderation.newForModerator", { reference: referenceOf(updated) }),
            parseMode: "HTML",
            buttons: markup(queueKeyboard(t)),
          },
        };
      });
  }
  const municipality = initiative.municipalityId
    ? await findMunicipality(db, initiative.municipalityId)
    : undefined;
  const attachments = await listAttachments(db, initiative.id);
  const t = translator(defaultLocale);
  return (updated) => {
    const card: OutboxMessage = {
      chatId: moderationChatId,
      dedupeKey: key(updated, "group"),
      payload: {
        text: initiativeCard({ initiative: updated, municipality, attachments }, t, defaultLocale, {
          audience: "staff",
          lead: t(resubmitted ? "moderation.resubmittedLead" : "moderation.newLead"),
        }),
        parseMode: "HTML",
        buttons: markup(moderationKeyboard(t, updated.id, updated.version)),
      },
    };
    return [card, ...fileMessages(moderationChatId, updated, attachments, t, "group")];
  };
}

/** Moderators' decisions with these notices: the bot's buttons and the Mini App decide alike. */
export function initiativeActions(deps: BotDeps): InitiativeActionDeps {
  return {
    database: deps.database,
    now: deps.now,
    decisionNotices: (initiative, decision) => decisionNotices(deps, initiative, decision),
    // Read at each call: the runtime sets it after the bot is built.
    onEnqueued: () => deps.onEnqueued?.(),
  };
}

export interface Decision {
  reasonCode?: string | null;
  reasonText?: string | null;
  /** The moderator's name as Telegram shows it, for the group's record. */
  actorName: string;
}

/** The author in their language, the officers of the municipality on approval, and the group. */
export async function decisionNotices(
  deps: BotDeps,
  initiative: Initiative,
  decision: Decision,
): Promise<Notices> {
  const { db } = deps.database;
  const { defaultLocale, moderationChatId } = deps.config;
  const author = initiative.authorId ? await findUser(db, initiative.authorId) : undefined;
  const municipality = initiative.municipalityId
    ? await findMunicipality(db, initiative.municipalityId)
    : undefined;
  const officers: Recipient[] = initiative.municipalityId
    ? await officersOf(db, initiative.municipalityId)
    : [];
  const attachments = await listAttachments(db, initiative.id);
  const reasonIn = (locale: Locale) => {
    const t = translator(locale);
    if (decision.reasonCode && isRejectReason(decision.reasonCode))
      return t(`moderation.reasons.${decision.reasonCode}`);
    return decision.reasonText ?? "";
  };

  return (updated) => {
    const reference = referenceOf(updated)!;
    const title = updated.title ?? "";
    const messages: OutboxMessage[] = [];
    // A withdrawal is the author's own act: they are answered in their chat, not notified.
    if (author && updated.status !== "withdrawn") {
      const locale = localeOf(author, defaultLocale);
      const t = translator(locale);
      const edit =
        updated.status === "changes_requested"
          ? markup(
              new InlineKeyboard().text(
                t("moderation.author.edit"),
                MyInitiatives.edit.pack({ initiative: updated.id }),
              ),
            )
          : undefined;
      messages.push({
        chatId: author.id,
        dedupeKey: key(updated, "author"),
        payload: {
          text: fitWithin(TELEGRAM_TEXT_LIMIT, (max) =>
            // "The officers were told" is true only when the municipality has an officer to tell.
            t(
              `moderation.author.${updated.status === "approved" && officers.length === 0 ? "approvedNoOfficers" : updated.status}`,
              {
                reference,
                title: truncate(title, max),
                reason: truncate(reasonIn(locale), max),
              },
            ),
          ),
          parseMode: "HTML",
          ...(edit ? { buttons: edit } : {}),
        },
      });
    }
    if (updated.status === "approved") {
      for (const officer of officers) {
        const locale = localeOf(officer, defaultLocale);
        const t = translator(locale);
        messages.push({
          chatId: officer.id,
          dedupeKey: key(updated, `officer:${officer.id}`),
          payload: {
            text: initiativeCard({ initiative: updated, municipality, attachments }, t, locale, {
              audience: "staff",
              lead: t("moderation.officerLead"),
            }),
            parseMode: "HTML",
          },
        });
        // The voice notes that answer the problem or the plan, and the files, follow the card.
        messages.push(...fileMessages(officer.id, updated, attachments, t, `officer:${officer.id}`));
      }
    }
    if (moderationChatId !== undefined) {
      const t = translator(defaultLocale);
      messages.push({
        chatId: moderationChatId,
        dedupeKey: key(updated, "group"),
        payload: {
          text: fitWithin(TELEGRAM_TEXT_LIMIT, (max) =>
            t(`moderation.groupDecision.${updated.status}`, {
              reference,
              title: truncate(title, max),
              name: truncate(decision.actorName, 64),
              reason: truncate(reasonIn(defaultLocale), max),
            }),
          ),
          parseMode: "HTML",
          disableNotification: true,
        },
      });
    }
    return messages;
  };
}
