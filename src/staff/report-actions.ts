import type { Database } from "../db/database.js";
import type { OutboxPayload } from "../db/outbox-payload.js";
import type { OutboxMessage } from "../db/repo/outbox.js";
import { addReportNote, transitionReport } from "../db/repo/report-history.js";
import { type Report, type Reporter, reporterOf } from "../db/repo/reports.js";
import {
  type ActorKind,
  isHidden,
  type ModeratorAction,
  NOTE_MAX,
  nextReportStatus,
  type OfficerAction,
  type ReportStatus,
} from "../domain/report-status.js";
import { canActFor, canModerate, type Roles } from "../domain/roles.js";
import { cleanText } from "../domain/text.js";
import type { Locale } from "../i18n/index.js";

/**
 * What staff do to a report, for every surface that offers it (the bot's buttons, the Mini App):
 * the rights, the status change with its history row and notifications in one batch, the notes
 * relayed to the reporter. No grammY here; the messages themselves are built by the caller's
 * `notices`, so that this module does not depend on how a surface draws its buttons.
 */
export interface ReportNotices {
  /** The reporter's notice of a new status; none for a reporter who is gone. */
  status(reporter: Reporter | undefined, report: Report): OutboxMessage[];
  note(
    reporter: Reporter,
    report: Report,
    note: { kind: "comment" | "question"; text: string; eventId: number },
  ): OutboxMessage;
  /** The card at the report's new status wherever it was delivered (see `CardUpdates`). */
  cards(report: Report, pressed?: PressedCard): Promise<CardUpdates>;
}

/** The card whose button was pressed, with the presser's language and rights should it be unknown. */
export interface PressedCard {
  chatId: number;
  messageId: number;
  locale: Locale;
  rights: { act: boolean; moderate: boolean };
}

export interface CardUpdates {
  /** Edits of every delivered copy but the pressed one (or the card anew where none is known). */
  rows: OutboxMessage[];
  /** What the pressed card shows now: the surface edits it in place, at once, and only there. */
  pressed?: OutboxPayload;
}

export interface ReportActionDeps {
  database: Database;
  now: () => number;
  notices: ReportNotices;
  onEnqueued?: () => void;
}

export const mayActOn = (roles: Roles, report: Report) =>
  report.municipalityId !== null && canActFor(roles, report.municipalityId);

/** Sent, not hidden, and the person may act on it or moderate. */
export const maySee = (roles: Roles, report: Report | undefined): report is Report =>
  !!report &&
  report.status !== "draft" &&
  !isHidden(report.status) &&
  (mayActOn(roles, report) || canModerate(roles));

export function actorKind(roles: Roles, report: Report, moderating: boolean): ActorKind {
  if (moderating) return roles.moderator ? "moderator" : "admin";
  return report.municipalityId !== null && roles.officerOf.includes(report.municipalityId)
    ? "officer"
    : "admin";
}

/** Officers see their municipalities; moderators and admins see all; others nothing (undefined). */
export function reportScope(roles: Roles): readonly number[] | null | undefined {
  if (canModerate(roles)) return null;
  return roles.officerOf.length > 0 ? roles.officerOf : undefined;
}

export type StatusChange =
  | { ok: true; report: Report; to: ReportStatus; card?: OutboxPayload }
  /** The action does not apply to the status the report is in now (someone was first). */
  | { ok: false; status: ReportStatus };

/**
 * An officer's action (`moderating` false) or a moderator's spam/abuse mark. The rights are the
 * caller's to check; spam and abuse are not announced: whoever sent them learns nothing from it.
 */
export async function changeReportStatus(
  deps: ReportActionDeps,
  input: {
    report: Report;
    action: OfficerAction | ModeratorAction;
    roles: Roles;
    actorId: number;
    moderating: boolean;
    /** The bot's card the action was pressed on. */
    pressed?: PressedCard;
  },
): Promise<StatusChange> {
  const { report, action, moderating } = input;
  const to = nextReportStatus(report.status, action);
  if (!to) return { ok: false, status: report.status };
  const now = deps.now();
  const reporter = moderating ? undefined : await reporterOf(deps.database.db, report.id);
  // transitionReport stores exactly this version, or nothing when someone was first.
  const next: Report = { ...report, status: to, version: report.version + 1, updatedAt: now };
  // A hidden report's cards are left as they are: nobody learns of the mark from them.
  const cards = moderating ? { rows: [] } : await deps.notices.cards(next, input.pressed);
  const result = await transitionReport(deps.database, {
    report,
    action,
    to,
    actor: { kind: actorKind(input.roles, report, moderating), id: input.actorId },
    now,
    notices: moderating ? undefined : (updated) => [...deps.notices.status(reporter, updated), ...cards.rows],
  });
  if (!result.ok) return { ok: false, status: result.current?.status ?? report.status };
  deps.onEnqueued?.();
  return { ok: true, report: result.report, to, ...(cards.pressed ? { card: cards.pressed } : {}) };
}

export type NoteResult =
  | { ok: true }
  | { ok: false; reason: "empty" | "tooLong" | "noContact" | "stale"; length?: number };

/** A comment or a question relayed to the reporter without the officer's name. */
export async function sendReportNote(
  deps: ReportActionDeps,
  input: { report: Report; kind: "comment" | "question"; text: string; roles: Roles; actorId: number },
): Promise<NoteResult> {
  const text = cleanText(input.text);
  if (!text) return { ok: false, reason: "empty" };
  if (text.length > NOTE_MAX) return { ok: false, reason: "tooLong", length: text.length };
  const { report, kind } = input;
  if (isHidden(report.status) || !mayActOn(input.roles, report)) return { ok: false, reason: "stale" };
  const reporter = await reporterOf(deps.database.db, report.id);
  if (!reporter || (kind === "question" && !report.mayContact)) return { ok: false, reason: "noContact" };
  await addReportNote(deps.database, {
    report,
    action: kind,
    actor: { kind: actorKind(input.roles, report, false), id: input.actorId },
    comment: text,
    now: deps.now(),
    notices: (eventId) => [deps.notices.note(reporter, report, { kind, text, eventId })],
  });
  deps.onEnqueued?.();
  return { ok: true };
}
