/** Escapes text for Telegram's HTML parse mode, which knows only these four entities. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** Telegram's limit for the text of one message, in UTF-16 code units. */
export const TELEGRAM_TEXT_LIMIT = 4096;

// C0 and C1 controls except tab and newline, plus the bidirectional overrides and isolates that
// can make a title display reversed, and zero-width characters that hide text.
const INVISIBLE =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g;

/**
 * Text a person typed, as it may be stored and shown: line breaks normalised and kept, tabs made
 * spaces, invisible and control characters removed, outer white space trimmed.
 */
export function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .replace(/\t/g, " ")
    .replace(INVISIBLE, "")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}

/** At most `max` characters, ending with an ellipsis when shortened, never splitting a surrogate pair. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…".slice(0, max);
  let end = max - 1;
  if (/[\uD800-\uDBFF]/.test(text.charAt(end - 1))) end -= 1;
  return `${text.slice(0, end).trimEnd()}…`;
}

/** Field lengths tried in turn, longest first, when a rendered card is too long. */
const FIELD_LIMITS = [Number.POSITIVE_INFINITY, 1200, 800, 500, 300, 150, 60, 20];

/**
 * Renders with ever shorter user fields until the result fits `limit`. Fields are shortened as
 * plain text before they are escaped and put into the markup, so that no tag or entity is ever
 * cut in half; `render` receives the longest a field may be.
 */
export function fitWithin(limit: number, render: (maxFieldChars: number) => string): string {
  let text = "";
  for (const max of FIELD_LIMITS) {
    text = render(max);
    if (text.length <= limit) return text;
  }
  throw new Error(`a card does not fit in ${limit} characters even with fields of 20 characters`);
}

/**
 * The widest label (see labelWidth) a phone shows whole, by how many buttons share its row: one,
 * two, three or more. test/bot/button-labels.test.ts holds every keyboard to it in every language.
 */
export function rowLimit(buttonsInRow: number): number {
  if (buttonsInRow <= 1) return 30;
  return buttonsInRow === 2 ? 16 : 10;
}

const ZERO_WIDTH = /[\u200d\ufe0e\ufe0f]/;
const PICTOGRAPHIC = /\p{Extended_Pictographic}/u;

/**
 * One character's share of labelWidth. Below U+2000 only © and ® are pictographic and nothing is
 * invisible, so Latin and Cyrillic text skips the Unicode property tests.
 */
function charWidth(char: string): number {
  const code = char.charCodeAt(0);
  if (code < 0x2000 && code !== 0xa9 && code !== 0xae) return 1;
  if (ZERO_WIDTH.test(char)) return 0;
  return PICTOGRAPHIC.test(char) ? 2 : 1;
}

/** A button label's width as a phone shows it: one per character, two per emoji, joiners and variation selectors none. */
export function labelWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char);
  return width;
}

/**
 * At most `max` wide (see labelWidth), ending with an ellipsis (width 1) when shortened. Widths add
 * up, so one pass keeps a running sum instead of measuring every prefix again.
 */
export function truncateLabel(text: string, max: number): string {
  if (labelWidth(text) <= max) return text;
  let kept = "";
  let width = 0;
  for (const char of text) {
    const next = width + charWidth(char);
    if (next + 1 > max) break;
    kept += char;
    width = next;
  }
  return `${kept.trimEnd()}…`;
}
