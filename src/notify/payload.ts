import type { InlineKeyboardMarkup } from "grammy/types";
import type { OutboxPayload } from "../db/outbox-payload.js";

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
 * last call, where the reader finishes. Telegram counts its limits on the text after parsing, so
 * an HTML payload is measured and cut as the reader will see it.
 */
export function deliveryParts(payload: OutboxPayload): DeliveryPart[] {
  const { media, buttons, parseMode } = payload;
  // The raw length is never less than the visible one: most texts need no parsing to be measured.
  const { text } = payload;
  if (media && (text.length <= CAPTION_LIMIT || visibleLength(text, parseMode) <= CAPTION_LIMIT)) {
    return [{ kind: "media", media, ...(text ? { caption: text } : {}), ...withButtons(buttons) }];
  }
  const chunks = splitText(text, MESSAGE_TEXT_LIMIT, parseMode);
  const texts: DeliveryPart[] = chunks.map((chunk, index) => ({
    kind: "text",
    text: chunk,
    ...(index === chunks.length - 1 ? withButtons(buttons) : {}),
  }));
  return media ? [{ kind: "media", media }, ...texts] : texts;
}

function withButtons(buttons: InlineKeyboardMarkup | undefined) {
  return buttons ? { buttons } : {};
}

/**
 * What text is cut around: a character (a surrogate pair stays whole) or, in HTML, a whole
 * entity such as `&amp;`, or a tag, which the reader does not see.
 */
interface Token {
  raw: string;
  /** UTF-16 units the reader sees: 0 for a tag. */
  width: number;
  /** A space or line break, which a cut may drop. */
  separator: boolean;
  tag?: { name: string; closing: boolean };
}

// Telegram's HTML knows these four named entities and every numeric one.
const HTML_TOKEN =
  /<(\/?)([a-zA-Z][\w-]*)[^<>]*>|&(?:amp|lt|gt|quot|#\d+|#x[\da-fA-F]+);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;
const PLAIN_TOKEN = /[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

function tokenize(text: string, parseMode: OutboxPayload["parseMode"]): Token[] {
  const tokens: Token[] = [];
  for (const [raw, closing, name] of text.matchAll(parseMode === "HTML" ? HTML_TOKEN : PLAIN_TOKEN)) {
    if (name) tokens.push({ raw, width: 0, separator: false, tag: { name, closing: closing === "/" } });
    else if (raw.startsWith("&") && raw.length > 1)
      tokens.push({ raw, width: entityWidth(raw), separator: false });
    else tokens.push({ raw, width: raw.length, separator: raw === " " || raw === "\n" });
  }
  return tokens;
}

/** A numeric entity above U+FFFF is two UTF-16 units, as Telegram counts. */
function entityWidth(entity: string): number {
  const numeric = /^&#(x?)([\da-fA-F]+);$/.exec(entity);
  if (!numeric) return 1;
  return Number.parseInt(numeric[2]!, numeric[1] ? 16 : 10) > 0xffff ? 2 : 1;
}

function widthOf(tokens: readonly Token[]): number {
  return tokens.reduce((sum, token) => sum + token.width, 0);
}

/** The length Telegram's limits apply to: the text after parsing, in UTF-16 units. */
export function visibleLength(text: string, parseMode?: OutboxPayload["parseMode"]): number {
  return parseMode === "HTML" ? widthOf(tokenize(text, parseMode)) : text.length;
}

const isOpening = (token: Token) => token.tag !== undefined && !token.tag.closing;

/**
 * Cuts text into pieces of at most `limit` visible UTF-16 units, preferring a paragraph break,
 * then a line break, then a space, so that words stay whole. In HTML an entity is never cut, and
 * an element open at a cut is closed at the end of one piece and opened again in the next, so
 * that every piece is valid markup on its own.
 */
export function splitText(text: string, limit: number, parseMode?: OutboxPayload["parseMode"]): string[] {
  if (text.length <= limit) return [text];
  let rest = tokenize(text, parseMode);
  const pieces: Token[][] = [];
  while (widthOf(rest) > limit) {
    const cut = cutIndex(rest, limit);
    // Spaces at the cut go; a tag opened right before it goes with the text it opens.
    let end = cut;
    while (end > 0 && (rest[end - 1]!.separator || isOpening(rest[end - 1]!))) end -= 1;
    pieces.push(rest.slice(0, end));
    const after = rest.slice(cut);
    const firstText = after.findIndex((t) => !t.separator && !t.tag);
    rest = [
      ...rest.slice(end, cut).filter(isOpening),
      ...(firstText === -1 ? after : after.slice(0, firstText)).filter((t) => t.tag),
      ...(firstText === -1 ? [] : after.slice(firstText)),
    ];
  }
  pieces.push(rest);
  return balance(pieces)
    .filter((piece, index) => piece.width > 0 || index === 0)
    .map((piece) => piece.text);
}

const SEPARATORS = ["\n\n", "\n", " "];

/** Where a piece ends: at the best separator within the limit, else at the limit. */
function cutIndex(tokens: readonly Token[], limit: number): number {
  let fits = 0;
  let width = 0;
  while (fits < tokens.length && width + tokens[fits]!.width <= limit) width += tokens[fits++]!.width;
  // What the reader sees up to the first unit past the limit, and the token each unit belongs to;
  // an entity shows as a placeholder, so `&#10;` is never taken for a line break.
  let visible = "";
  const owner: number[] = [];
  for (let i = 0; i <= fits && i < tokens.length; i++) {
    const { raw, width: units, tag } = tokens[i]!;
    if (tag) continue;
    visible += units === raw.length ? raw : "x".repeat(units);
    for (let k = 0; k < units; k++) owner.push(i);
  }
  for (const separator of SEPARATORS) {
    const at = visible.lastIndexOf(separator, width);
    if (at > 0) return owner[at]!;
  }
  return Math.max(fits, 1);
}

/** Closes the elements still open at the end of each piece and opens them again in the next. */
function balance(pieces: readonly Token[][]): { text: string; width: number }[] {
  const open: Token[] = [];
  return pieces.map((piece) => {
    const reopened = open.map((t) => t.raw).join("");
    for (const token of piece) {
      if (!token.tag) continue;
      const at = open.findLastIndex((t) => t.tag!.name === token.tag!.name);
      if (!token.tag.closing) open.push(token);
      else if (at !== -1) open.splice(at, 1);
    }
    const closing = open
      .map((t) => `</${t.tag!.name}>`)
      .reverse()
      .join("");
    return { text: reopened + piece.map((t) => t.raw).join("") + closing, width: widthOf(piece) };
  });
}
