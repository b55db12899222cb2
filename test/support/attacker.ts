import type { Identity } from "../../src/domain/suppression.js";

/** An exact fraction; the attacker's arithmetic must not round a 3 into a 2.9999. */
interface Fraction {
  n: bigint;
  d: bigint;
}

const gcd = (a: bigint, b: bigint): bigint => {
  let [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  while (y) [x, y] = [y, x % y];
  return x;
};
const fraction = (n: bigint, d = 1n): Fraction => {
  if (d < 0n) [n, d] = [-n, -d];
  const g = gcd(n, d) || 1n;
  return { n: n / g, d: d / g };
};
const sub = (a: Fraction, b: Fraction) => fraction(a.n * b.d - b.n * a.d, a.d * b.d);
const mul = (a: Fraction, b: Fraction) => fraction(a.n * b.n, a.d * b.d);
const div = (a: Fraction, b: Fraction) => fraction(a.n * b.d, a.d * b.n);
const isZero = (a: Fraction) => a.n === 0n;

/**
 * What someone holding every number of one output works out: each identity with the shown
 * numbers put in is an equation in the hidden ones; Gauss-Jordan elimination over the rationals;
 * a hidden cell is recovered when a reduced row names it alone. Written apart from the code
 * under test (fractions with a right-hand side, no gcd-scaled integer rows), so that a fault in
 * one is not repeated in the other.
 */
export function recover(
  known: ReadonlyMap<string, number>,
  identities: readonly Identity[],
): Map<string, number> {
  const unknowns = [...new Set(identities.flatMap((identity) => identity.map(([id]) => id)))].filter(
    (id) => !known.has(id),
  );
  const column = new Map(unknowns.map((id, i) => [id, i]));
  // Each row: coefficients of the unknowns, then the right-hand side.
  const rows = identities.map((identity) => {
    const row = Array.from({ length: unknowns.length + 1 }, () => fraction(0n));
    for (const [id, k] of identity) {
      const c = column.get(id);
      if (c === undefined)
        row[unknowns.length] = sub(row[unknowns.length]!, fraction(BigInt(k * known.get(id)!)));
      else row[c] = fraction(row[c]!.n + BigInt(k) * row[c]!.d, row[c]!.d);
    }
    return row;
  });
  let top = 0;
  const pivotOf: number[] = [];
  for (let c = 0; c < unknowns.length && top < rows.length; c++) {
    const at = rows.findIndex((row, r) => r >= top && !isZero(row[c]!));
    if (at === -1) continue;
    [rows[top], rows[at]] = [rows[at]!, rows[top]!];
    const pivot = rows[top]!;
    const p = pivot[c]!;
    for (let i = 0; i < pivot.length; i++) pivot[i] = div(pivot[i]!, p);
    rows.forEach((row, r) => {
      if (r === top || isZero(row[c]!)) return;
      const k = row[c]!;
      for (let i = 0; i < row.length; i++) row[i] = sub(row[i]!, mul(k, pivot[i]!));
    });
    pivotOf[top] = c;
    top += 1;
  }
  const recovered = new Map<string, number>();
  for (let r = 0; r < top; r++) {
    const row = rows[r]!;
    const c = pivotOf[r]!;
    if (row.slice(0, unknowns.length).every((v, i) => i === c || isZero(v))) {
      const value = row[unknowns.length]!;
      recovered.set(unknowns[c]!, Number(value.n) / Number(value.d));
    }
  }
  return recovered;
}

/** Hidden cells of 1-4 that the attacker works out to their true value. */
export function smallCellsRecovered(
  truth: Readonly<Record<string, number>>,
  known: ReadonlyMap<string, number>,
  identities: readonly Identity[],
): string[] {
  return [...recover(known, identities)]
    .filter(([id, value]) => value === truth[id] && value >= 1 && value <= 4)
    .map(([id]) => id);
}

/**
 * The same attacker also knowing what the marks mean: `<5` is 1–4 and `*` 5 or more (never small).
 * For each line "total = sum of parts" with its total shown, the hidden parts share what is left;
 * a `<5` whose bounds meet is pinned. Hidden cells of 1–4 pinned to their true value are returned;
 * a line where a `*` stands for a zero (hidden where nothing else could be) misleads rather than
 * tells, so it is left out.
 */
export function smallCellsPinned(
  truth: Readonly<Record<string, number>>,
  cells: ReadonlyMap<string, number | string>,
  lines: readonly Identity[],
): string[] {
  const pinned: string[] = [];
  for (const line of lines) {
    const [whole, ...parts] = line.map(([id]) => id);
    const total = cells.get(whole!);
    if (typeof total !== "number") continue;
    const hiddenParts = parts.filter((id) => typeof cells.get(id) !== "number");
    if (hiddenParts.some((id) => cells.get(id) === "*" && truth[id]! < 5)) continue;
    const left =
      total -
      parts.reduce((sum, id) => sum + (typeof cells.get(id) === "number" ? (cells.get(id) as number) : 0), 0);
    const range = (id: string): [number, number] =>
      cells.get(id) === "<5" ? [1, 4] : [5, Number.POSITIVE_INFINITY];
    for (const id of hiddenParts) {
      if (cells.get(id) !== "<5") continue;
      const others = hiddenParts.filter((other) => other !== id).map(range);
      const low = Math.max(1, left - others.reduce((sum, [, high]) => sum + high, 0));
      const high = Math.min(4, left - others.reduce((sum, [lowest]) => sum + lowest, 0));
      if (low === high && low === truth[id]) pinned.push(id);
    }
  }
  return pinned;
}
