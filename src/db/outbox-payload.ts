import type { InlineKeyboardMarkup } from "grammy/types";

export type MediaKind = "photo" | "document" | "voice";

/**
 * What one outbox row asks Telegram to show; stored as JSON, so only plain data. Defined with the
 * table that stores it: the sender (notify/) reads it, the database never depends on the sender.
 */
export interface OutboxPayload {
  text: string;
  parseMode?: "HTML";
  buttons?: InlineKeyboardMarkup;
  media?: { kind: MediaKind; fileId: string };
  /** Delivered without sound, e.g. for routine news at night. */
  disableNotification?: boolean;
}

/** What an outbox row that carries a report's card records once delivered (`report_cards`). */
export interface OutboxReportCard {
  reportId: number;
  /** The language and buttons the card was written with, to write its edits alike. */
  locale: string;
  act: boolean;
  moderate: boolean;
}
