/**
 * The life of a conflict report (architecture.md, Statuses). Every change of status is one
 * transition recorded as one event; the report's version rises with it, which is what lets the
 * first of two simultaneous actions win.
 *
 * A report the reporter says is not resolved goes back to `in_progress`: the officers are still
 * on it, and the history keeps the earlier resolution.
 */
export const REPORT_STATUSES = [
  "draft",
  "new",
  "escalated",
  "acknowledged",
  "in_progress",
  "referred",
  "resolved",
  "unconfirmed",
  "spam",
  "abuse",
] as const;
export type ReportStatus = (typeof REPORT_STATUSES)[number];

/** Waiting for the officers, in the order they usually move. */
export const OPEN_STATUSES = ["new", "escalated", "acknowledged", "in_progress", "referred"] as const;
/** Statuses an officer may filter a list by; hidden reports (spam, abuse) are never listed. */
export const LISTED_STATUSES = [...OPEN_STATUSES, "resolved", "unconfirmed"] as const;
export type ListedStatus = (typeof LISTED_STATUSES)[number];

export const isReportStatus = (v: string): v is ReportStatus =>
  (REPORT_STATUSES as readonly string[]).includes(v);
export const isOpen = (status: ReportStatus) => (OPEN_STATUSES as readonly string[]).includes(status);
export const isHidden = (status: ReportStatus) => status === "spam" || status === "abuse";
export const isListedStatus = (v: string): v is ListedStatus =>
  (LISTED_STATUSES as readonly string[]).includes(v);

export const OFFICER_ACTIONS = ["acknowledge", "progress", "refer", "resolve", "unconfirm"] as const;
export type OfficerAction = (typeof OFFICER_ACTIONS)[number];
export const MODERATOR_ACTIONS = ["spam", "abuse"] as const;
export type ModeratorAction = (typeof MODERATOR_ACTIONS)[number];
export type ReportAction = OfficerAction | ModeratorAction | "submit" | "escalate" | "reopen";

export const isOfficerAction = (v: string): v is OfficerAction =>
  (OFFICER_ACTIONS as readonly string[]).includes(v);
export const isModeratorAction = (v: string): v is ModeratorAction =>
  (MODERATOR_ACTIONS as readonly string[]).includes(v);

const VISIBLE: readonly ReportStatus[] = [...LISTED_STATUSES];

const TRANSITIONS: Record<ReportAction, { from: readonly ReportStatus[]; to: ReportStatus }> = {
  submit: { from: ["draft"], to: "new" },
  escalate: { from: ["new"], to: "escalated" },
  acknowledge: { from: ["new", "escalated"], to: "acknowledged" },
  progress: { from: ["new", "escalated", "acknowledged", "referred"], to: "in_progress" },
  refer: { from: ["new", "escalated", "acknowledged", "in_progress"], to: "referred" },
  resolve: { from: OPEN_STATUSES, to: "resolved" },
  unconfirm: { from: OPEN_STATUSES, to: "unconfirmed" },
  reopen: { from: ["resolved"], to: "in_progress" },
  spam: { from: VISIBLE, to: "spam" },
  abuse: { from: VISIBLE, to: "abuse" },
};

/** The status an action leads to from `status`, or undefined when it is not allowed from there. */
export function nextReportStatus(status: ReportStatus, action: ReportAction): ReportStatus | undefined {
  const rule = TRANSITIONS[action];
  return rule.from.includes(status) ? rule.to : undefined;
}

/** Officers' comments and questions, and the reporter's answers: long enough to say something, short enough to read. */
export const NOTE_MAX = 1000;

/** Who did something to a report; the reporter is never named in the history. */
export type ActorKind = "reporter" | "officer" | "moderator" | "admin" | "system";

/** Events that are not changes of status: notes, the relay of questions, the reporter's verdict. */
export type ReportNote = "comment" | "question" | "answer" | "confirm";

const HOUR = 60 * 60 * 1000;

/** How long a report may wait for an acknowledgement before moderators and admins are told. */
export interface EscalationDelays {
  urgentMs: number;
  otherMs: number;
}

export const DEFAULT_ESCALATION_DELAYS: EscalationDelays = { urgentMs: HOUR, otherMs: 48 * HOUR };

export function escalationDelays(overrides: Partial<EscalationDelays> = {}): EscalationDelays {
  return { ...DEFAULT_ESCALATION_DELAYS, ...overrides };
}

/** When an unacknowledged report is escalated. */
export function escalationDueAt(
  report: { urgent: boolean; submittedAt: number },
  delays: EscalationDelays,
): number {
  return report.submittedAt + (report.urgent ? delays.urgentMs : delays.otherMs);
}

/** `R-2026-0042`: the number the reporter quotes; sequences restart every year. */
export function formatReportReference(year: number, sequence: number): string {
  return `R-${year}-${String(sequence).padStart(4, "0")}`;
}

/** Kyrgyzstan is UTC+6 all year: a report sent at 1 a.m. on 1 January belongs to the new year. */
export function reportYear(now: number): number {
  return new Date(now + 6 * HOUR).getUTCFullYear();
}
