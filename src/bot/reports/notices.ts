import {
  findMunicipality,
  type Municipality,
  municipalityLabel,
  municipalityRead,
} from "../../db/repo/municipalities.js";
import { type OfficerChat, officerChatRead } from "../../db/repo/officer-chats.js";
import type { OutboxMessage } from "../../db/repo/outbox.js";
import { localesRead, moderatorsRead, officersRead, type Recipient } from "../../db/repo/recipients.js";
import { type ReportCardCopy, reportCardCopies } from "../../db/repo/report-cards.js";
import {
  type Report,
  type Reporter,
  referenceOfReport,
  reporterOf,
  reporterRead,
  routeReport,
} from "../../db/repo/reports.js";
import { grantsOf } from "../../db/repo/staff.js";
import { findUser } from "../../db/repo/users.js";
import { canActFor, rolesFor } from "../../domain/roles.js";
import { isLocale, type Locale, translator } from "../../i18n/index.js";
import type { CardUpdates, PressedCard, ReportActionDeps } from "../../staff/report-actions.js";
import { officerCard } from "../../staff/report-card.js";
import type { BotDeps } from "../context.js";
import { answerKeyboard, plainMarkup, resolvedKeyboard } from "../keyboards/report-form.js";
import { type CardRights, reportActionsKeyboard } from "../keyboards/report-officer.js";
import { REPORT_FLOW } from "./chat-log.js";

/**
 * What other people are told about a report, as outbox rows in each reader's own language. Staff
 * cards never carry the reporter's Telegram identity unless the reporter chose to be named, and
 * media is re-sent by file id: a forward would show who sent it.
 */
export type NoticeDeps = Pick<BotDeps, "database" | "config">;

interface StaffReader {
  chatId: number;
  locale: Locale;
  rights: CardRights;
}

const localeOr = (value: string | undefined, fallback: Locale): Locale =>
  isLocale(value) ? value : fallback;

/**
 * Who reads a report's notices and what its card shows, as read in one round trip (see
 * `audienceReads`): the municipality's officers and group, the moderators, the admins' languages,
 * the municipality, and the reporter when they chose to be named.
 */
interface Audience {
  officers: Recipient[];
  group: OfficerChat[];
  moderators: Recipient[];
  admins: { id: number; locale: string }[];
  municipality: Municipality[];
  reporter: Reporter[];
}

/** What `Audience` holds, as reads of one batch; 0 stands for no municipality and for an anonymous reporter. */
export function audienceReads(deps: NoticeDeps, report: Report) {
  const { db } = deps.database;
  const place = report.municipalityId ?? 0;
  return [
    officersRead(db, place),
    officerChatRead(db, place),
    moderatorsRead(db),
    localesRead(db, deps.config.adminIds),
    municipalityRead(db, place),
    reporterRead(db, report.anonymous ? 0 : report.id),
  ] as const;
}

/** `audienceReads`' rows, in their order. */
export function audienceOf(rows: readonly unknown[]): Audience {
  const [officers, group, moderators, admins, municipality, reporter] = rows as [
    Recipient[],
    OfficerChat[],
    Recipient[],
    Audience["admins"],
    Municipality[],
    Reporter[],
  ];
  return { officers, group, moderators, admins, municipality, reporter };
}

async function readAudience(deps: NoticeDeps, report: Report): Promise<Audience> {
  return audienceOf(await deps.database.read([...audienceReads(deps, report)]));
}

/** The officers of the municipality in private, and its officers' group when one is set. */
function officerReaders(deps: NoticeDeps, audience: Audience): StaffReader[] {
  const rights = { act: true, moderate: false };
  const officers = audience.officers.map((o) => ({
    chatId: o.id,
    locale: localeOr(o.locale, deps.config.defaultLocale),
    rights,
  }));
  const inGroup = audience.group.map((group) => ({
    chatId: group.chatId,
    locale: localeOr(group.locale, deps.config.defaultLocale),
    rights,
  }));
  return [...officers, ...inGroup];
}

/** Moderators and admins, each once; admins may also act as officers. */
function supervisorReaders(deps: NoticeDeps, audience: Audience): StaffReader[] {
  const readers = new Map<number, StaffReader>();
  for (const m of audience.moderators)
    readers.set(m.id, {
      chatId: m.id,
      locale: localeOr(m.locale, deps.config.defaultLocale),
      rights: { act: false, moderate: true },
    });
  for (const id of deps.config.adminIds)
    readers.set(id, {
      chatId: id,
      locale: localeOr(audience.admins.find((a) => a.id === id)?.locale, deps.config.defaultLocale),
      rights: { act: true, moderate: true },
    });
  return [...readers.values()];
}

type Lead = (t: ReturnType<typeof translator>, locale: Locale) => string;

/** Writes the report's card with its buttons for any reader; what it shows is read once. */
async function cardWriter(deps: NoticeDeps, report: Report) {
  const { db } = deps.database;
  const municipality = report.municipalityId ? await findMunicipality(db, report.municipalityId) : undefined;
  const named = report.anonymous ? undefined : await reporterOf(db, report.id);
  return cardWriterOf(report, municipality, named);
}

function cardWriterOf(report: Report, municipality: Municipality | undefined, named: Reporter | undefined) {
  const reporter = named ? { name: named.name, username: named.username } : undefined;
  return (reader: StaffReader, lead?: Lead): OutboxMessage["payload"] => {
    const t = translator(reader.locale);
    return {
      text: officerCard({ report, municipality, reporter }, t, reader.locale, lead?.(t, reader.locale)),
      parseMode: "HTML",
      buttons: plainMarkup(reportActionsKeyboard(t, report, reader.rights)),
    };
  };
}

/** What a delivered card records, so that later changes edit it in the same language and buttons. */
const cardCopy = (report: Report, reader: StaffReader) => ({
  reportId: report.id,
  locale: reader.locale,
  act: reader.rights.act,
  moderate: reader.rights.moderate,
});

/** The card with its buttons, then the voice note and photo, each for one reader. */
function cardsFor(
  card: Awaited<ReturnType<typeof cardWriter>>,
  report: Report,
  readers: readonly StaffReader[],
  key: string,
  lead: Lead,
): OutboxMessage[] {
  const reference = referenceOfReport(report);
  return readers.flatMap((reader) => {
    const t = translator(reader.locale);
    const messages: OutboxMessage[] = [
      {
        chatId: reader.chatId,
        dedupeKey: `${key}:${reader.chatId}`,
        reportCard: cardCopy(report, reader),
        payload: card(reader, lead),
      },
    ];
    const media = [
      report.voiceFileId ? { kind: "voice" as const, fileId: report.voiceFileId } : undefined,
      report.photoFileId ? { kind: "photo" as const, fileId: report.photoFileId } : undefined,
    ];
    for (const item of media) {
      if (!item) continue;
      messages.push({
        chatId: reader.chatId,
        dedupeKey: `${key}:${reader.chatId}:${item.kind}`,
        payload: {
          text: t(`officer.card.${item.kind}Caption`, { reference }),
          parseMode: "HTML",
          media: item,
          disableNotification: true,
        },
      });
    }
    return messages;
  });
}

/**
 * A new report for the officers of its municipality. Without any officer or group the
 * moderators and admins get it at once, rather than an hour later through escalation.
 */
export async function newReportMessages(deps: NoticeDeps, report: Report): Promise<OutboxMessage[]> {
  return newReportMessagesFor(deps, report, await readAudience(deps, report));
}

/** `newReportMessages` from its audience, read by the caller with its step's other reads. */
export function newReportMessagesFor(deps: NoticeDeps, report: Report, audience: Audience): OutboxMessage[] {
  const reference = referenceOfReport(report);
  const key = `report:${report.id}:new`;
  const municipality = audience.municipality[0];
  const card = cardWriterOf(report, municipality, audience.reporter[0]);
  const officers = officerReaders(deps, audience);
  if (officers.length > 0)
    return cardsFor(card, report, officers, key, (t) => t("officer.card.newLead", { reference }));
  return cardsFor(card, report, supervisorReaders(deps, audience), key, (t, locale) =>
    t("officer.card.noOfficersLead", {
      reference,
      municipality: municipality ? municipalityLabel(municipality, locale) : "",
    }),
  );
}

/**
 * Every copy of the card delivered before, edited to the report's new status, and the card posted
 * anew, with `lead` above it, to the readers `readersOf` picks (`event` names the posts).
 */
async function editedAndPosted(
  deps: NoticeDeps,
  report: Report,
  readersOf: (deps: NoticeDeps, audience: Audience) => StaffReader[],
  event: string,
  lead: string,
): Promise<OutboxMessage[]> {
  const reference = referenceOfReport(report);
  const { rows } = await cardUpdates(deps, report);
  const audience = await readAudience(deps, report);
  const card = cardWriterOf(report, audience.municipality[0], audience.reporter[0]);
  const posts = cardsFor(
    card,
    report,
    readersOf(deps, audience),
    `report:${report.id}:v${report.version}:${event}`,
    (t) => t(lead, { reference }),
  );
  return [...rows, ...posts];
}

/** The card for moderators and admins; every copy delivered before is edited to the new status. */
export const escalationMessages = (deps: NoticeDeps, report: Report) =>
  editedAndPosted(deps, report, supervisorReaders, "escalated", "officer.card.escalatedLead");

/** The card anew for the officers; every copy delivered before is edited to show it open again. */
export const reopenedMessages = (deps: NoticeDeps, report: Report) =>
  editedAndPosted(deps, report, officerReaders, "reopened", "officer.card.reopenedLead");

/**
 * The card at the report's new status wherever it was delivered: an edit of every recorded copy but
 * the pressed one, whose surface edits it in place with `pressed`, at once.
 */
export async function cardUpdates(
  deps: NoticeDeps,
  report: Report,
  pressed?: PressedCard,
): Promise<CardUpdates> {
  const copies = await reportCardCopies(deps.database.db, report.id);
  if (copies.length === 0 && !pressed) return { rows: [] };
  const card = await cardWriter(deps, report);
  const readerOf = (copy: ReportCardCopy): StaffReader => ({
    chatId: copy.chatId,
    locale: localeOr(copy.locale, deps.config.defaultLocale),
    rights: { act: copy.mayAct, moderate: copy.mayModerate },
  });
  const isPressed = (copy: ReportCardCopy) =>
    copy.chatId === pressed?.chatId && copy.messageId === pressed.messageId;
  const rows = copies
    .filter((copy) => !isPressed(copy))
    .map((copy): OutboxMessage => {
      const reader = readerOf(copy);
      return {
        chatId: copy.chatId,
        dedupeKey: `report:${report.id}:v${report.version}:edit:${copy.chatId}:${copy.messageId}`,
        editMessageId: copy.messageId,
        reportCard: cardCopy(report, reader),
        payload: card(reader),
      };
    });
  if (!pressed) return { rows };
  const known = copies.find(isPressed);
  return { rows, pressed: card(known ? readerOf(known) : pressed) };
}

type ReporterNoticeDeps = Pick<BotDeps, "config" | "hashes">;

/**
 * A row to a reporter: marked so that admins and logs never see its chat, key or text, with a key
 * that names neither report nor chat, and kept in the report's chat log for "clear this chat".
 */
function toReporter(
  deps: ReporterNoticeDeps,
  reporter: Reporter,
  key: string,
  payload: OutboxMessage["payload"],
): OutboxMessage {
  return {
    chatId: reporter.userId,
    dedupeKey: deps.hashes.dedupe(key),
    toReporter: true,
    chatLogFlow: REPORT_FLOW,
    payload,
  };
}

/** The reporter, silently, in their language; after "resolved" they are asked whether it is. */
export function reporterStatusMessage(
  deps: ReporterNoticeDeps,
  reporter: Reporter | undefined,
  report: Report,
): OutboxMessage[] {
  if (!reporter) return [];
  const t = translator(localeOr(reporter.locale, deps.config.defaultLocale));
  const buttons =
    report.status === "resolved" ? { buttons: plainMarkup(resolvedKeyboard(t, report.id)) } : {};
  return [
    toReporter(deps, reporter, `report:${report.id}:v${report.version}:reporter`, {
      text: t(`report.notify.${report.status}`, { reference: referenceOfReport(report) }),
      parseMode: "HTML",
      disableNotification: true,
      ...buttons,
    }),
  ];
}

/** An officer's comment or question, relayed without their name. */
export function reporterNoteMessage(
  deps: ReporterNoticeDeps,
  reporter: Reporter,
  report: Report,
  note: { kind: "comment" | "question"; text: string; eventId: number },
): OutboxMessage {
  const t = translator(localeOr(reporter.locale, deps.config.defaultLocale));
  const reference = referenceOfReport(report);
  const question = note.kind === "question";
  return toReporter(deps, reporter, `report:${report.id}:event:${note.eventId}:reporter`, {
    text: question
      ? t("report.notify.question", { reference, question: note.text })
      : t("report.notify.comment", { reference, comment: note.text }),
    parseMode: "HTML",
    disableNotification: true,
    ...(question ? { buttons: plainMarkup(answerKeyboard(t, report.id, note.eventId)) } : {}),
  });
}

/**
 * Who reads the reporter's answer to a question: the one who asked while they may still act for
 * the report's municipality. Once their role is gone, the municipality's current officers and its
 * officers' group (or, with none, moderators and admins): the answer must neither reach someone
 * who no longer serves there nor get lost.
 */
export async function answerReaders(
  deps: NoticeDeps,
  report: Report,
  askerId: number,
): Promise<{ chatId: number; locale: Locale }[]> {
  const { db } = deps.database;
  const roles = rolesFor(askerId, deps.config.adminIds, await grantsOf(db, askerId));
  if (report.municipalityId !== null && canActFor(roles, report.municipalityId))
    return [{ chatId: askerId, locale: await localeOfUser(deps, askerId) }];
  const audience = await readAudience(deps, report);
  const officers = officerReaders(deps, audience);
  return officers.length > 0 ? officers : supervisorReaders(deps, audience);
}

/** The reporter's answer, to one reader, without anything that would identify the reporter. */
export function answerToOfficerMessage(
  officer: { chatId: number; locale: Locale },
  report: Report,
  answer: { text: string; eventId: number },
): OutboxMessage {
  const t = translator(officer.locale);
  return {
    chatId: officer.chatId,
    dedupeKey: `report:${report.id}:event:${answer.eventId}:officer:${officer.chatId}`,
    payload: {
      text: t("officer.answerFromReporter", { reference: referenceOfReport(report), answer: answer.text }),
      parseMode: "HTML",
    },
  };
}

export async function localeOfUser(deps: NoticeDeps, userId: number): Promise<Locale> {
  return localeOr((await findUser(deps.database.db, userId))?.locale, deps.config.defaultLocale);
}

/**
 * Queues the officers' cards of a sent report and marks it routed, with its first event, in one
 * batch. The job calls it again for a report a crash left unrouted; keyed rows make that safe.
 */
export async function routeNewReport(deps: NoticeDeps, report: Report, now: number): Promise<void> {
  await routeReport(deps.database, report, await newReportMessages(deps, report), now);
}

/**
 * The staff actions with these notices: the bot's buttons and the Mini App record and notify
 * alike, and edit the report's card wherever it was delivered.
 */
export function reportActions(
  deps: NoticeDeps & Pick<BotDeps, "hashes" | "now" | "onEnqueued">,
): ReportActionDeps {
  return {
    database: deps.database,
    now: deps.now,
    // Read at each call: the runtime sets it after the bot is built.
    onEnqueued: () => deps.onEnqueued?.(),
    notices: {
      status: (reporter, report) => reporterStatusMessage(deps, reporter, report),
      note: (reporter, report, note) => reporterNoteMessage(deps, reporter, report, note),
      cards: (report, pressed) => cardUpdates(deps, report, pressed),
    },
  };
}
