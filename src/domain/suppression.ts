/**
 * Small-cell protection for published counts. In a village, "2 women aged 56+ voted" can name
 * people, so a count of 1-4 is never shown: it reads "<5". Zero is shown as 0: it names nobody,
 * and "no women took part" is exactly what an LSG and its funders must be able to see.
 *
 * A hidden cell must not be computable from what is shown: when a row or column with a shown
 * total has exactly one hidden cell, the smallest other non-zero cell of it is hidden too
 * (secondary suppression, shown as "*"), repeated until no line has a lone hidden cell.
 */
export const SMALL_CELL = 5;
export const SMALL = "<5";
export const HIDDEN = "*";
export type Cell = number | typeof SMALL | typeof HIDDEN;

export const isSmall = (count: number) => count > 0 && count < SMALL_CELL;

/** A count on its own, with nothing it could be subtracted from. */
export const suppressCount = (count: number): Cell => (isSmall(count) ? SMALL : count);

export interface SuppressedGrid {
  cells: Cell[][];
  rowTotals: Cell[];
  columnTotals: Cell[];
  total: Cell;
}

/** Rows and columns of counts whose row, column and grand totals are all published. */
export function suppressGrid(grid: readonly (readonly number[])[]): SuppressedGrid {
  const width = grid[0]?.length ?? 0;
  const hidden = grid.map((row) => row.map((n) => (isSmall(n) ? SMALL : undefined)) as (Cell | undefined)[]);
  const rowTotals = grid.map((row) => sum(row));
  const columnTotals = Array.from({ length: width }, (_, c) => sum(grid.map((row) => row[c]!)));
  const lines = [
    ...grid.map((_, r) => ({
      total: rowTotals[r]!,
      at: Array.from({ length: width }, (_, c) => [r, c] as const),
    })),
    ...columnTotals.map((total, c) => ({ total, at: grid.map((_, r) => [r, c] as const) })),
  ];
  let changed = true;
  while (changed) {
    changed = false;
    for (const line of lines) {
      // A hidden total protects its cells; a line with no or two hidden cells gives nothing away.
      if (isSmall(line.total)) continue;
      const lone = line.at.filter(([r, c]) => hidden[r]![c] !== undefined);
      if (lone.length !== 1) continue;
      const partner = line.at
        .filter(([r, c]) => hidden[r]![c] === undefined && grid[r]![c]! > 0)
        .sort(([r1, c1], [r2, c2]) => grid[r1]![c1]! - grid[r2]![c2]!)[0];
      if (!partner) continue;
      hidden[partner[0]]![partner[1]] = HIDDEN;
      changed = true;
    }
  }
  return {
    cells: grid.map((row, r) => row.map((n, c) => hidden[r]![c] ?? n)),
    rowTotals: rowTotals.map(suppressCount),
    columnTotals: columnTotals.map(suppressCount),
    total: suppressCount(sum(rowTotals)),
  };
}

export interface SuppressedTable<K extends string> {
  cells: Record<K, Cell>;
  total: Cell;
}

/** One breakdown of a group (by gender, by category...) with its total. */
export function suppressTable<K extends string>(counts: Record<K, number>): SuppressedTable<K> {
  const keys = Object.keys(counts) as K[];
  const { cells, total } = suppressGrid([keys.map((k) => counts[k])]);
  return { cells: Object.fromEntries(keys.map((k, i) => [k, cells[0]![i]!])) as Record<K, Cell>, total };
}

const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
