/**
 * The life of a local initiative up to the moderators' decision (architecture.md, Statuses).
 * Every change of status is one transition: it raises the version by one and is recorded as one
 * event, which is what lets the first of two simultaneous decisions win.
 */
export const INITIATIVE_STATUSES = [
  "draft",
  "submitted",
  "changes_requested",
  "approved",
  "rejected",
  "withdrawn",
  // The community's prioritisation and the commission's selection (issue 5).
  "in_round",
  "shortlisted",
  "not_selected",
  "selected",
  "implemented",
] as const;
export type InitiativeStatus = (typeof INITIATIVE_STATUSES)[number];

/** From approval on: what the community may see and what statistics count as approved. */
export const APPROVED_OR_LATER = [
  "approved",
  "in_round",
  "shortlisted",
  "not_selected",
  "selected",
  "implemented",
] as const satisfies readonly InitiativeStatus[];
export const isApprovedOrLater = (status: InitiativeStatus) =>
  (APPROVED_OR_LATER as readonly InitiativeStatus[]).includes(status);

export type InitiativeAction =
  | "submit"
  | "approve"
  | "requestChanges"
  | "reject"
  | "withdraw"
  | "enterRound"
  | "shortlist"
  | "select"
  | "notSelect"
  | "implement";

const TRANSITIONS: Record<InitiativeAction, { from: readonly InitiativeStatus[]; to: InitiativeStatus }> = {
  submit: { from: ["draft", "changes_requested"], to: "submitted" },
  approve: { from: ["submitted"], to: "approved" },
  requestChanges: { from: ["submitted"], to: "changes_requested" },
  reject: { from: ["submitted"], to: "rejected" },
  withdraw: { from: ["submitted", "changes_requested"], to: "withdrawn" },
  enterRound: { from: ["approved"], to: "in_round" },
  shortlist: { from: ["in_round"], to: "shortlisted" },
  select: { from: ["shortlisted", "not_selected"], to: "selected" },
  notSelect: { from: ["shortlisted"], to: "not_selected" },
  implement: { from: ["selected"], to: "implemented" },
};

/** The status an action leads to from `status`, or undefined when it is not allowed from there. */
export function nextStatus(status: InitiativeStatus, action: InitiativeAction): InitiativeStatus | undefined {
  const rule = TRANSITIONS[action];
  return rule.from.includes(status) ? rule.to : undefined;
}

/** Statuses in which the author may change the answers. */
export const isEditable = (status: InitiativeStatus) => status === "draft" || status === "changes_requested";

export const canWithdraw = (status: InitiativeStatus) => nextStatus(status, "withdraw") !== undefined;

export const MODERATOR_ACTIONS = ["approve", "requestChanges", "reject"] as const;
export type ModeratorAction = (typeof MODERATOR_ACTIONS)[number];

/** Common reasons, chosen with one tap; a moderator may also write their own. */
export const REJECT_REASONS = ["notLocal", "duplicate", "notFeasible", "notLsg", "incomplete"] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];
export const isRejectReason = (v: string): v is RejectReason =>
  (REJECT_REASONS as readonly string[]).includes(v);

/** Moderators' written reasons and requests: long enough to say something, short enough to read. */
export const NOTE_MIN = 3;
export const NOTE_MAX = 1000;

/** `I-2026-0042`: the number the author quotes; sequences restart every year. */
export function formatReference(year: number, sequence: number): string {
  return `I-${year}-${String(sequence).padStart(4, "0")}`;
}

/** Kyrgyzstan is UTC+6 all year: an initiative sent at 1 a.m. on 1 January belongs to the new year. */
export function referenceYear(now: number): number {
  return new Date(now + 6 * 60 * 60 * 1000).getUTCFullYear();
}
