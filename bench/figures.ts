/** One benchmark's results: a name for each figure, as printed in the table. */
export type Figures = Record<string, number | string>;

export function round(value: number, digits: number): number {
  return Math.round(value * 10 ** digits) / 10 ** digits;
}
