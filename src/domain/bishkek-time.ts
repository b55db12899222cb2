/** Kyrgyzstan keeps UTC+6 all year; written by hand because Intl's Kyrgyz data differs between runtimes. */
const OFFSET_MS = 6 * 60 * 60 * 1000;

/**
 * `31.12.2026 18:00` (also `31.12.2026 18.00` or with `/` or `-` between the date parts), read as
 * time in Bishkek; undefined when it is not a real date and time.
 */
export function parseBishkekDateTime(input: string): number | undefined {
  const match = /^\s*(\d{1,2})[./-](\d{1,2})[./-](\d{4})\s+(\d{1,2})[:.](\d{2})\s*$/.exec(input);
  if (!match) return undefined;
  const [day, month, year, hour, minute] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
  ];
  if (hour > 23 || minute > 59) return undefined;
  const utc = Date.UTC(year, month - 1, day, hour, minute);
  const check = new Date(utc);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return undefined;
  return utc - OFFSET_MS;
}
