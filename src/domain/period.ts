/**
 * The period a statistic or an export covers, in Bishkek days (UTC+6 all year; done by hand because
 * Intl's Kyrgyz data differs between runtimes). `to` is exclusive.
 */
const OFFSET_MS = 6 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export type PresetPeriod = "month" | "quarter" | "all";
export interface Period {
  from: number;
  to: number;
  /** Button-sized name: `month`, `quarter`, `all` or `d20260101-20260331`. */
  token: string;
}

const bishkekMidnight = (year: number, month: number, day: number) =>
  Date.UTC(year, month - 1, day) - OFFSET_MS;

function bishkekDate(ms: number) {
  const d = new Date(ms + OFFSET_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** This month, the last three calendar months including this one, or everything, up to `now`. */
export function presetPeriod(preset: PresetPeriod, now: number): Period {
  const { year, month } = bishkekDate(now);
  if (preset === "all") return { from: 0, to: now + 1, token: preset };
  const back = preset === "month" ? 0 : 2;
  return { from: bishkekMidnight(year, month - back, 1), to: now + 1, token: preset };
}

function parseDay(day: string, month: string, year: string): number | undefined {
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const ms = bishkekMidnight(y, m, d);
  const check = bishkekDate(ms);
  return check.day === d && check.month === m && check.year === y ? ms : undefined;
}

/** `01.01.2026-31.03.2026`, both days included; undefined when not two real dates in order. */
export function parsePeriod(input: string): Period | undefined {
  const match = /^\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*[-–—]\s*(\d{1,2})\.(\d{1,2})\.(\d{4})\s*$/.exec(input);
  if (!match) return undefined;
  const [d1, m1, y1, d2, m2, y2] = match.slice(1) as [string, string, string, string, string, string];
  const from = parseDay(d1, m1, y1);
  const last = parseDay(d2, m2, y2);
  if (from === undefined || last === undefined || last < from) return undefined;
  return { from, to: last + DAY_MS, token: `d${compact(from)}-${compact(last)}` };
}

const pad = (n: number) => String(n).padStart(2, "0");
const compact = (ms: number) => {
  const { year, month, day } = bishkekDate(ms);
  return `${year}${pad(month)}${pad(day)}`;
};

/** `2026-03`: the Bishkek month a moment falls in. */
export function monthKey(ms: number): string {
  const { year, month } = bishkekDate(ms);
  return `${year}-${pad(month)}`;
}

/** `31.03.2026`: the Bishkek day a moment falls in. */
export function dayLabel(ms: number): string {
  const { year, month, day } = bishkekDate(ms);
  return `${pad(day)}.${pad(month)}.${year}`;
}

/** The inverse of `token`, for periods carried in callback data. */
export function periodFromToken(token: string, now: number): Period | undefined {
  if (token === "month" || token === "quarter" || token === "all") return presetPeriod(token, now);
  const match = /^d(\d{4})(\d{2})(\d{2})-(\d{4})(\d{2})(\d{2})$/.exec(token);
  if (!match) return undefined;
  const [y1, m1, d1, y2, m2, d2] = match.slice(1) as [string, string, string, string, string, string];
  return parsePeriod(`${d1}.${m1}.${y1}-${d2}.${m2}.${y2}`);
}

/** `01.01.2026 – 31.03.2026`: the first and last day covered. */
export function periodLabel(period: Period): string {
  const first = period.from === 0 ? undefined : dayLabel(period.from);
  const last = dayLabel(period.to - 1);
  return first ? `${first} – ${last}` : `… – ${last}`;
}

/**
 * What a public page's counts cover when computed at `now`: everything before the last Bishkek
 * midnight, named by the last day included (`2026-11-30`), so that the counts change once a day.
 */
export function snapshotPeriod(now: number): { to: number; day: string } {
  const today = bishkekDate(now);
  const to = bishkekMidnight(today.year, today.month, today.day);
  const last = bishkekDate(to - 1);
  return { to, day: `${last.year}-${pad(last.month)}-${pad(last.day)}` };
}
