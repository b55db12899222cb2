import type { Api } from "grammy";
import type { Database, Statement } from "../db/database.js";
import { insertMessages } from "../db/repo/chat-messages.js";
import {
  deactivateRecipient,
  markFailed,
  markPartsSent,
  markSent,
  type OutboxRow,
  retryLater,
  sendInsteadOfEdit,
} from "../db/repo/outbox.js";
import { forgetReportCard, recordReportCard } from "../db/repo/report-cards.js";
import type { Logger } from "../logger.js";
import { hasAttemptsLeft, type RetryPolicy, retryDelayMs } from "./backoff.js";
import { type Clock, sleepUntil } from "./clock.js";
import { deliveryParts } from "./payload.js";
import {
  earliestSendAt,
  type RateState,
  recordRateLimit,
  recordSend,
  type TelegramLimits,
} from "./rate-limits.js";
import type { DispatchReport } from "./report.js";
import { editText, sendPart } from "./send-part.js";
import { classifyTelegramError, editRefusal } from "./telegram-errors.js";

export interface DeliveryContext {
  database: Database;
  api: Api;
  clock: Clock;
  limits: TelegramLimits;
  retry: RetryPolicy;
  rates: RateState;
  report: DispatchReport;
  /**
   * Writes that record outcomes, run together by the dispatcher (one round trip on D1). Until
   * then a sent row stays leased: were the process to die, it would be sent again after its lease.
   */
  writes: Statement[];
  logger?: Logger;
  signal?: AbortSignal;
}

/**
 * Sends a leased row whose first call the scheduler has already paced, and records the outcome.
 * Later calls of a long payload wait for their own turn; each finished call is written down, so a
 * retry resumes where the last attempt stopped instead of repeating what the reader already has.
 */
export async function deliverRow(row: OutboxRow, context: DeliveryContext): Promise<void> {
  const { database, clock, writes } = context;
  if (row.editMessageId !== null) {
    if (!(await editMessage(row, row.editMessageId, context))) return;
    // The same row goes on as a send, paced as the next message of its chat.
    if (!(await waitForTurn(row.chatId, context))) {
      writes.push(retryLater(database.db, row.id, { at: clock.now(), refundAttempt: true }));
      return;
    }
  }
  const parts = deliveryParts(row.payload);
  let sentParts = row.sentParts;
  while (sentParts < parts.length) {
    let messageId: number;
    try {
      messageId = await sendPart(context.api, row.chatId, parts[sentParts]!, row.payload);
    } catch (error) {
      await recordFailure(row, error, context);
      return;
    }
    sentParts += 1;
    // The buttons are on the last part: that is the card later changes edit.
    if (row.reportCard && sentParts === parts.length)
      writes.push(
        recordReportCard(database.db, {
          card: row.reportCard,
          chatId: row.chatId,
          messageId,
          now: clock.now(),
        }),
      );
    // Every part, so that "clear this chat" deletes all of a long notice.
    if (row.chatLogFlow)
      writes.push(
        insertMessages(database.db, {
          chatId: row.chatId,
          flow: row.chatLogFlow,
          messageIds: [messageId],
          now: clock.now(),
        }),
      );
    if (sentParts === parts.length) break;
    writes.push(markPartsSent(database.db, row.id, sentParts));
    if (!(await waitForTurn(row.chatId, context))) {
      writes.push(retryLater(database.db, row.id, { at: clock.now(), refundAttempt: true }));
      return;
    }
  }
  writes.push(markSent(database.db, row.id, clock.now()));
  context.report.sent += 1;
}

/**
 * Edits the row's message. Returns true when the message can no longer be edited: the row is then
 * turned into a send (so a retry never posts the card twice) and the card's old copy forgotten.
 * "Not modified" means the message already shows the payload: done.
 */
async function editMessage(row: OutboxRow, messageId: number, context: DeliveryContext): Promise<boolean> {
  const { database, clock, writes } = context;
  try {
    await editText(context.api, row.chatId, messageId, row.payload);
  } catch (error) {
    const refusal = editRefusal(error);
    if (refusal === "uneditable") {
      context.logger?.info("outbox: message can no longer be edited, sending anew", rowLogFields(row));
      writes.push(sendInsteadOfEdit(database.db, row.id));
      if (row.reportCard) writes.push(forgetReportCard(database.db, { chatId: row.chatId, messageId }));
      return true;
    }
    if (refusal !== "unchanged") {
      await recordFailure(row, error, context);
      return false;
    }
  }
  writes.push(markSent(database.db, row.id, clock.now()));
  context.report.sent += 1;
  return false;
}

/**
 * How log lines name a row. A row to a reporter is named by nothing that leads to it: its id leads
 * to the report named in its text, and its chat (even hashed) to the person in other lines.
 */
export function rowLogFields(row: OutboxRow) {
  return row.toReporter ? { to: "a reporter" } : { outboxId: row.id, chatId: row.chatId };
}

async function waitForTurn(chatId: number, context: DeliveryContext): Promise<boolean> {
  const { clock, rates, limits } = context;
  let turn = earliestSendAt(rates, chatId, limits);
  while (turn > clock.now()) {
    if (!(await sleepUntil(clock, turn, context.signal))) return false;
    turn = earliestSendAt(rates, chatId, limits);
  }
  recordSend(rates, chatId, limits, clock.now());
  return true;
}

async function recordFailure(row: OutboxRow, error: unknown, context: DeliveryContext): Promise<void> {
  const { database, clock, report, logger, writes } = context;
  const now = clock.now();
  const failure = classifyTelegramError(error);
  const fields = { ...rowLogFields(row), error: failure.description, attempts: row.attempts };
  switch (failure.kind) {
    case "rate-limited": {
      const scope = recordRateLimit(context.rates, row.chatId, context.limits, now, failure.retryAfterMs);
      report.rateLimited += 1;
      logger?.warn("outbox: told to wait", { ...fields, retryAfterMs: failure.retryAfterMs, scope });
      writes.push(
        retryLater(database.db, row.id, {
          at: now + failure.retryAfterMs,
          error: failure.description,
          refundAttempt: true,
        }),
      );
      return;
    }
    case "recipient-gone":
      report.deactivated += 1;
      report.dropped += await deactivateRecipient(database, row.chatId, failure.description, now);
      logger?.info("outbox: recipient gone, dropped their messages", fields);
      return;
    case "rejected":
      report.failed += 1;
      logger?.warn("outbox: message rejected", fields);
      writes.push(markFailed(database.db, row.id, failure.description, now));
      return;
    case "transient":
      if (hasAttemptsLeft(row.attempts, context.retry)) {
        report.retried += 1;
        const at = now + retryDelayMs(row.attempts, context.retry);
        logger?.warn("outbox: send failed, will retry", { ...fields, retryAt: at });
        writes.push(
          retryLater(database.db, row.id, { at, error: failure.description, refundAttempt: false }),
        );
      } else {
        report.failed += 1;
        logger?.error("outbox: send failed, out of attempts", fields);
        writes.push(markFailed(database.db, row.id, failure.description, now));
      }
      return;
  }
}
