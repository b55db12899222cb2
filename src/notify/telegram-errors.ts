import { GrammyError } from "grammy";

/** What the dispatcher should do about a failed Bot API call. */
export type DeliveryError =
  /** 429: Telegram names the wait; the row was not delivered. */
  | { kind: "rate-limited"; retryAfterMs: number; description: string }
  /** 403: blocked, kicked or deactivated; nothing will reach this chat until it comes back. */
  | { kind: "recipient-gone"; description: string }
  /** Other 4xx: the request itself is wrong; sending it again gives the same answer. */
  | { kind: "rejected"; description: string }
  /** 5xx, network errors, timeouts: the same call may work later. */
  | { kind: "transient"; description: string };

const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function classifyTelegramError(error: unknown): DeliveryError {
  if (!(error instanceof GrammyError)) return { kind: "transient", description: describe(error) };
  const description = `${error.error_code}: ${error.description}`;
  if (error.error_code === 429) {
    const seconds = error.parameters.retry_after ?? DEFAULT_RETRY_AFTER_SECONDS;
    return { kind: "rate-limited", retryAfterMs: seconds * 1000, description };
  }
  if (error.error_code === 403) return { kind: "recipient-gone", description };
  // 401 and 404 mean a wrong token or API root: the rows are fine, the set-up is not.
  if (
    error.error_code >= 400 &&
    error.error_code < 500 &&
    error.error_code !== 401 &&
    error.error_code !== 404
  ) {
    return { kind: "rejected", description };
  }
  return { kind: "transient", description };
}

/**
 * What a refused edit means beyond the usual: the message already shows this (nothing to do), or it
 * can no longer be edited, being deleted or one Telegram no longer lets the bot change.
 */
export function editRefusal(error: unknown): "unchanged" | "uneditable" | undefined {
  if (!(error instanceof GrammyError) || error.error_code !== 400) return undefined;
  if (/message is not modified/i.test(error.description)) return "unchanged";
  if (/message can't be edited|message to edit not found|MESSAGE_ID_INVALID/i.test(error.description))
    return "uneditable";
  return undefined;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { error?: unknown }).error;
  return cause instanceof Error ? `${error.message} ${cause.message}` : error.message;
}
