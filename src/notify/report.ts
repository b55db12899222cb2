/** What one dispatch run did, for logs and for the caller's next sleep. */
export interface DispatchReport {
  sent: number;
  /** Rows put back after a server or network error, to try again after a backoff. */
  retried: number;
  /** 429 answers; the rows wait the time Telegram asked for. */
  rateLimited: number;
  failed: number;
  /** Rows not sent because their recipient blocked the bot or left. */
  dropped: number;
  /** Recipients newly found to have blocked the bot or left. */
  deactivated: number;
  /** The run stopped early to keep within its subrequest budget; the next run continues. */
  outOfSubrequests?: boolean;
  /** When the next row becomes due, if any; the caller may sleep until then. */
  nextDueAt?: number;
}

export function emptyReport(): DispatchReport {
  return { sent: 0, retried: 0, rateLimited: 0, failed: 0, dropped: 0, deactivated: 0 };
}
