import { formatReference } from "../domain/initiative-status.js";

/**
 * `25 000` in every language the bot speaks, for whole som amounts and counts. Grouped by hand: Intl's
 * Kyrgyz data differs between Node and workerd, and people should see the same number everywhere.
 */
export function formatNumber(value: number): string {
  const grouped = Math.abs(Math.round(value))
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
  return value < 0 ? `−${grouped}` : grouped;
}

/** `31.08.2027` from `2027-08-31`: the way dates are written in Kyrgyzstan. */
export function formatIsoDate(date: string): string {
  const [year, month, day] = date.split("-");
  return `${day}.${month}.${year}`;
}

/** Date and time in Kyrgyzstan (UTC+6), for histories. */
export function formatDateTime(ms: number): string {
  const iso = new Date(ms + 6 * 60 * 60 * 1000).toISOString();
  return `${formatIsoDate(iso.slice(0, 10))} ${iso.slice(11, 16)}`;
}

export function referenceOf(initiative: {
  refYear: number | null;
  refSeq: number | null;
}): string | undefined {
  return initiative.refYear && initiative.refSeq
    ? formatReference(initiative.refYear, initiative.refSeq)
    : undefined;
}
