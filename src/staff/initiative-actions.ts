import type { Database } from "../db/database.js";
import { type Initiative, type TransitionResult, transition } from "../db/repo/initiatives.js";
import type { OutboxMessage } from "../db/repo/outbox.js";
import {
  isRejectReason,
  type ModeratorAction,
  NOTE_MAX,
  NOTE_MIN,
  nextStatus,
} from "../domain/initiative-status.js";
import { cleanText } from "../domain/text.js";

/** A moderator's decision as the author, the officers and the moderators' group are told it. */
export interface InitiativeDecision {
  reasonCode?: string | null;
  reasonText?: string | null;
  /** The moderator's name as Telegram shows it, for the group's record. */
  actorName: string;
}

export interface InitiativeActionDeps {
  database: Database;
  now: () => number;
  /** The bot's notices of a decision (the surface that draws them is not this module's concern). */
  decisionNotices(
    initiative: Initiative,
    decision: InitiativeDecision,
  ): Promise<(updated: Initiative) => OutboxMessage[]>;
  onEnqueued?: () => void;
}

export type DecisionInput =
  | { action: "approve" }
  | { action: "reject"; reasonCode: string }
  | { action: "requestChanges" | "reject"; reasonText: string };

export type DecisionResult =
  | TransitionResult
  | { ok: false; invalid: "reason" | "tooShort" | "tooLong"; length?: number };

/**
 * Approve, request changes or reject an initiative awaiting review, in the version the moderator
 * saw; the status change, its event and the notices in one batch (the first decision wins). The
 * caller checks the role.
 */
export async function decideInitiative(
  deps: InitiativeActionDeps,
  input: { initiative: Initiative; actorId: number; actorName: string } & DecisionInput,
): Promise<DecisionResult> {
  const { initiative } = input;
  const to = nextStatus(initiative.status, input.action as ModeratorAction);
  if (!to) return { ok: false, current: initiative };
  const reason: { reasonCode?: string; reasonText?: string } = {};
  if ("reasonCode" in input) {
    if (!isRejectReason(input.reasonCode)) return { ok: false, invalid: "reason" };
    reason.reasonCode = input.reasonCode;
  }
  if ("reasonText" in input) {
    const text = cleanText(input.reasonText);
    if (text.length < NOTE_MIN) return { ok: false, invalid: "tooShort", length: text.length };
    if (text.length > NOTE_MAX) return { ok: false, invalid: "tooLong", length: text.length };
    reason.reasonText = text;
  }
  const notices = await deps.decisionNotices(initiative, { ...reason, actorName: input.actorName });
  const result = await transition(deps.database, {
    initiative,
    to,
    actorId: input.actorId,
    ...reason,
    now: deps.now(),
    notices,
  });
  if (result.ok) deps.onEnqueued?.();
  return result;
}
