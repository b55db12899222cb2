/**
 * Small-cell protection for published counts. In a village, "2 women aged 56+ voted" can name
 * people, so a count of 1-4 is never shown: it reads "<5". Zero is shown as 0: it names nobody,
 * and "no women took part" is exactly what an LSG and its funders must be able to see.
 *
 * A hidden count must not be computable from what else the same output shows. Every number of
 * one output (the /stats message, the participation CSV, the public page, a round's results) is
 * a cell, and everything known to tie cells together (a total is the sum of its parts, the same
 * people counted by gender and by age band, what an attacker would assume) is a linear identity.
 * A hidden cell can be worked out exactly when its unit vector lies in the row space of the
 * identities restricted to the hidden cells. While some hidden cell of 1-4 can, the smallest
 * non-zero shown cell of the equation that gives it away is hidden too (shown as "*").
 */
export const SMALL_CELL = 5;
export const SMALL = "<5";
export const HIDDEN = "*";
export type Cell = number | typeof SMALL | typeof HIDDEN;

export const isSmall = (count: number) => count > 0 && count < SMALL_CELL;

/** A count on its own, with nothing it could be subtracted from. */
export const suppressCount = (count: number): Cell => (isSmall(count) ? SMALL : count);

export interface SuppressedTable<K extends string> {
  cells: Record<K, Cell>;
  total: Cell;
}

/** Σ coefficient × cell = 0, over cells named by id. */
export type Identity = readonly (readonly [cell: string, coefficient: number])[];

/** `whole` = Σ `parts`. */
export const sumIs = (whole: string, parts: readonly string[]): Identity => [
  [whole, -1],
  ...parts.map((p) => [p, 1] as const),
];

export interface CellSystem {
  /** Every cell's exact value, by id. */
  values: Readonly<Record<string, number>>;
  identities: readonly Identity[];
  /** Counts never shown but protected like shown ones (the rest of a share: whole minus part). */
  unpublished?: readonly string[];
  /** Cells shown whatever they are (a round's votes): the cells around them are hidden instead. */
  fixed?: readonly string[];
}

/**
 * Each cell as it may be shown. A hidden cell that the fixed cells alone give away cannot be
 * protected by hiding anything; it keeps its "<5", and the cells around it are still protected.
 */
export function suppress({
  values,
  identities,
  unpublished = [],
  fixed = [],
}: CellSystem): Record<string, Cell> {
  const ids = Object.keys(values);
  const hidden = new Map<string, Cell>();
  for (const id of ids) if (isSmall(values[id]!)) hidden.set(id, SMALL);
  for (const id of unpublished) hidden.set(id, HIDDEN);
  for (const id of fixed) hidden.delete(id);
  const locked = new Set(fixed);
  const unprotectable = new Set<string>();
  for (;;) {
    const leak =
      firstLeak(values, identities, hidden, unprotectable) ??
      firstPinned(values, identities, hidden, unprotectable);
    if (!leak) break;
    const shown = [...leak.shown].filter(([id]) => !locked.has(id));
    // The smallest non-zero cell; a zero only where the equation has nothing else to hide (a
    // worst-case identity that does not hold exactly can leave nothing but zeros).
    const partner = shown.sort(([a], [b]) => rank(values[a]!) - rank(values[b]!) || (a < b ? -1 : 1))[0];
    if (partner) hidden.set(partner[0], HIDDEN);
    else unprotectable.add(leak.cell);
  }
  return Object.fromEntries(ids.map((id) => [id, hidden.get(id) ?? values[id]!]));
}

const rank = (value: number) => (value === 0 ? Number.MAX_SAFE_INTEGER : value);

/**
 * A hidden cell of 1-4 that the shown cells determine, with the shown cells (and their
 * coefficients) of the combined equation that determines it; undefined when there is none.
 */
function firstLeak(
  values: Readonly<Record<string, number>>,
  identities: readonly Identity[],
  hidden: ReadonlyMap<string, Cell>,
  skip: ReadonlySet<string>,
): { cell: string; shown: Map<string, number> } | undefined {
  const relevant = identities.filter((identity) => identity.some(([id, k]) => k !== 0 && hidden.has(id)));
  for (const { unknown, combination } of determinedUnknowns(relevant, (id) => hidden.has(id))) {
    if (skip.has(unknown) || !isSmall(values[unknown]!)) continue;
    const shown = new Map<string, number>();
    combination.forEach((weight, i) => {
      if (weight === 0) return;
      for (const [id, k] of relevant[i]!)
        if (!hidden.has(id)) shown.set(id, (shown.get(id) ?? 0) + weight * k);
    });
    for (const [id, k] of shown) if (k === 0) shown.delete(id);
    return { cell: unknown, shown };
  }
  return undefined;
}

/**
 * What someone who knows the rule also knows: a `<5` is 1–4, a `*` is 5 or more (it is never
 * small, and a zero is hidden only where nothing else could be), a count never shown is 0 or more.
 * Two `<5` of a line whose hidden part is 2 are both 1; a `<5` beside a `*` adding up to 6 is 1.
 * Finds a small hidden cell that such bounds pin to one value within one identity, with the shown
 * cells of that identity; bounds combined across identities are not followed.
 */
function firstPinned(
  values: Readonly<Record<string, number>>,
  identities: readonly Identity[],
  hidden: ReadonlyMap<string, Cell>,
  skip: ReadonlySet<string>,
): { cell: string; shown: Map<string, number> } | undefined {
  const bounds = (id: string): [number, number] => {
    const cell = hidden.get(id);
    if (cell === SMALL) return [1, SMALL_CELL - 1];
    return values[id]! >= SMALL_CELL ? [SMALL_CELL, Number.POSITIVE_INFINITY] : [0, Number.POSITIVE_INFINITY];
  };
  for (const identity of identities) {
    const terms = identity.filter(([id]) => hidden.has(id));
    if (terms.length === 0 || identity.some(([, k]) => Math.abs(k) !== 1)) continue;
    const known = identity.reduce((sum, [id, k]) => (hidden.has(id) ? sum : sum + k * values[id]!), 0);
    // Each hidden term k·x lies in [low, high]; together they make -known.
    const ranges = terms.map(([id, k]) => {
      const [lo, hi] = bounds(id);
      return k > 0 ? [lo, hi] : [-hi, -lo];
    });
    for (const [i, [id, k]] of terms.entries()) {
      if (skip.has(id) || !isSmall(values[id]!)) continue;
      const others = ranges.filter((_, j) => j !== i);
      const low = -known - others.reduce((sum, [, high]) => sum + high!, 0);
      const high = -known - others.reduce((sum, [lo]) => sum + lo!, 0);
      const [own, ownHigh] = bounds(id);
      const [from, to] = k > 0 ? [low, high] : [-high, -low];
      if (Math.max(from, own) !== Math.min(to, ownHigh)) continue;
      const shown = new Map(identity.filter(([cell]) => !hidden.has(cell)).map(([cell, c]) => [cell, c]));
      return { cell: id, shown };
    }
  }
  return undefined;
}

/**
 * Gaussian elimination over the integers (rows kept primitive by their gcd, so it is exact) of
 * the identities restricted to the unknown cells, each row carrying which identities it combines.
 * An unknown is determined when a row of the reduced form has it as its only unknown.
 */
export function determinedUnknowns(
  identities: readonly Identity[],
  isUnknown: (id: string) => boolean,
): { unknown: string; combination: number[] }[] {
  const columns = [
    ...new Set(identities.flatMap((identity) => identity.map(([id]) => id)).filter(isUnknown)),
  ];
  const index = new Map(columns.map((id, i) => [id, i]));
  const width = columns.length + identities.length;
  const rows = identities.map((identity, r) => {
    const row = new Array<number>(width).fill(0);
    for (const [id, k] of identity) {
      const c = index.get(id);
      if (c !== undefined) row[c]! += k;
    }
    row[columns.length + r] = 1;
    return row;
  });
  const pivots: { row: number[]; column: number }[] = [];
  let remaining = rows;
  for (let column = 0; column < columns.length; column++) {
    const at = remaining.findIndex((row) => row[column] !== 0);
    if (at === -1) continue;
    const pivot = remaining[at]!;
    remaining = remaining.filter((_, i) => i !== at).map((row) => eliminate(row, pivot, column));
    for (const done of pivots) done.row = eliminate(done.row, pivot, column);
    pivots.push({ row: pivot, column });
  }
  return pivots
    .filter(({ row, column }) => row.slice(0, columns.length).every((v, c) => c === column || v === 0))
    .map(({ row, column }) => ({
      unknown: columns[column]!,
      // Scaled by the row's pivot; only which identities take part, and with what sign, matters.
      combination: row.slice(columns.length),
    }));
}

/** `row` without its `column` entry, by a multiple of `pivot`. */
function eliminate(row: number[], pivot: number[], column: number): number[] {
  const k = row[column]!;
  if (k === 0) return row;
  const p = pivot[column]!;
  const result = row.map((v, i) => v * p - pivot[i]! * k);
  const divisor = result.reduce((g, v) => gcd(g, Math.abs(v)), 0) || 1;
  return result.map((v) => {
    const reduced = v / divisor;
    if (!Number.isSafeInteger(reduced)) throw new Error("suppression: elimination left the safe integers");
    return reduced;
  });
}

function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}
