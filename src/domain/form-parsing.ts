/**
 * Numbers and dates as people type them on a phone: "25000", "25 000", "25.000 сом"; "6", "6 ай",
 * "31.12.2026". Pure, so that the rules are tested without a bot.
 */

const THOUSANDS = /^\d{1,3}(?:[ \u00a0\u202f.,']\d{3})+$/;
const CURRENCY_OR_UNIT = /\s*(?:сом|som|с|ай|айга|мес\.?|месяц(?:а|ев)?|months?|mo)\.?$/iu;

/** A whole number of at most 12 digits, or undefined for anything else (decimals, words, minus). */
export function parseWholeNumber(input: string): number | undefined {
  const text = input.trim().replace(CURRENCY_OR_UNIT, "").trim();
  if (/^\d{1,12}$/.test(text)) return Number(text);
  if (text.length <= 16 && THOUSANDS.test(text)) return Number(text.replace(/\D/g, ""));
  return undefined;
}

export type Timeline = { months: number } | { date: string };

/** `YYYY-MM-DD` for a real calendar day, from `DD.MM.YYYY`, `DD/MM/YYYY` or `YYYY-MM-DD`. */
export function parseDate(input: string): string | undefined {
  const text = input.trim();
  const dmy = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  const ymd = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text);
  const [year, month, day] = dmy
    ? [Number(dmy[3]), Number(dmy[2]), Number(dmy[1])]
    : ymd
      ? [Number(ymd[1]), Number(ymd[2]), Number(ymd[3])]
      : [];
  if (year === undefined || month === undefined || day === undefined) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    return undefined;
  return date.toISOString().slice(0, 10);
}

/** A number of months, or a date: what "how long will it take" is answered with. */
export function parseTimeline(input: string): Timeline | undefined {
  const months = parseWholeNumber(input);
  if (months !== undefined) return { months };
  const date = parseDate(input);
  return date ? { date } : undefined;
}

/** Today's date in Kyrgyzstan (UTC+6), as `YYYY-MM-DD`. */
export function localDate(now: number): string {
  return new Date(now + 6 * 60 * 60 * 1000).toISOString().slice(0, 10);
}
