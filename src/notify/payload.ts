import type { InlineKeyboardMarkup } from "grammy/types";

export type MediaKind = "photo" | "document" | "voice";

/** What one outbox row asks Telegram to show; stored as JSON, so only plain data. */
export interface OutboxPayload {
  text: string;
  parseMode?: "HTML";
  buttons?: InlineKeyboardMarkup;
  media?: { kind: MediaKind; fileId: string };
  /** Delivered without sound, e.g. for routine news at night. */
  disableNotification?: boolean;
}

export const MESSAGE_TEXT_LIMIT = 4096;
export const CAPTION_LIMIT = 1024;

/** One Bot API call of a row's delivery. */
export type DeliveryPart =
  | { kind: "text"; text: string; buttons?: InlineKeyboardMarkup }
  | {
      kind: "media";
      media: NonNullable<OutboxPayload["media"]>;
      caption?: string;
      buttons?: InlineKeyboardMarkup;
    };

/**
 * The calls that deliver a payload without losing any text: a caption that does not fit becomes
 * a message after the media, a text that does not fit becomes several messages. Buttons go on the
 * last call, where the reader finishes.
 */
export function deliveryParts(payload: OutboxPayload): DeliveryPart[] {
  const { media, buttons } = payload;
  if (media && payload.text.length <= CAPTION_LIMIT) {
    return [
      { kind: "media", media, ...(payload.text ? { caption: payload.text } : {}), ...withButtons(buttons) },
    ];
  }
  const chunks = splitText(payload.text, MESSAGE_TEXT_LIMIT);
  const texts: DeliveryPart[] = chunks.map((text, index) => ({
    kind: "text",
    text,
    ...(index === chunks.length - 1 ? withButtons(buttons) : {}),
  }));
  return media ? [{ kind: "media", media }, ...texts] : texts;
}

function withButtons(buttons: InlineKeyboardMarkup | undefined) {
  return buttons ? { buttons } : {};
}

/**
 * Cuts text into pieces of at most `limit` UTF-16 units, preferring a paragraph break, then a line
 * break, then a space, so that HTML tags (which rarely span lines) and words stay whole.
 */
export function splitText(text: string, limit: number): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const { end, next } = cutPosition(rest, limit);
    pieces.push(rest.slice(0, end).trimEnd());
    rest = rest.slice(next).trimStart();
  }
  pieces.push(rest);
  return pieces.filter((piece, index) => piece.length > 0 || index === 0);
}

function cutPosition(text: string, limit: number): { end: number; next: number } {
  for (const separator of ["\n\n", "\n", " "]) {
    const at = text.lastIndexOf(separator, limit);
    if (at > 0) return { end: at, next: at + separator.length };
  }
  const splitsSurrogatePair = /[\uD800-\uDBFF]/.test(text.charAt(limit - 1));
  const end = splitsSurrogatePair ? limit - 1 : limit;
  return { end, next: end };
}
