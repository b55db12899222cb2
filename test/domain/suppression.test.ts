import { describe, expect, it } from "vitest";
import { HIDDEN, SMALL, suppressCount, suppressGrid, suppressTable } from "../../src/domain/suppression.js";

describe("small-cell suppression", () => {
  it("shows 1-4 as <5, and 0 and 5 or more as they are", () => {
    expect([0, 1, 4, 5, 12].map(suppressCount)).toEqual([0, SMALL, SMALL, 5, 12]);
  });

  it("hides the next-smallest cell when a lone small cell could be worked out from the total", () => {
    // Shown alone, 20 - 9 - 8 = 3 women aged 56+ would be known.
    const table = suppressTable({ women: 3, men: 9, undisclosed: 8 });
    expect(table).toEqual({ cells: { women: SMALL, men: 9, undisclosed: HIDDEN }, total: 20 });
  });

  it("needs no second cell when two small cells already hide each other", () => {
    const table = suppressTable({ women: 3, men: 12, undisclosed: 2 });
    expect(table).toEqual({ cells: { women: SMALL, men: 12, undisclosed: SMALL }, total: 17 });
  });

  it("does not take a zero as the second cell: hiding it would protect nothing", () => {
    const table = suppressTable({ a: 2, b: 0, c: 7, d: 9 });
    expect(table.cells).toEqual({ a: SMALL, b: 0, c: HIDDEN, d: 9 });
  });

  it("hides a small total, and then its cells need nothing more", () => {
    expect(suppressTable({ a: 3, b: 0 })).toEqual({ cells: { a: SMALL, b: 0 }, total: SMALL });
  });

  it("no hidden cell of a grid can be worked out from any row or column total", () => {
    const grid = [
      [2, 10, 7],
      [6, 8, 9],
      [5, 0, 11],
    ];
    const { cells } = suppressGrid(grid);
    const lines = [...cells, ...cells[0]!.map((_, c) => cells.map((row) => row[c]!))];
    for (const line of lines) expect(line.filter((v) => typeof v !== "number").length).not.toBe(1);
    expect(cells[0]![0]).toBe(SMALL);
  });

  it("a back-out attempt recovers nothing: totals minus shown cells leave two unknowns", () => {
    const counts = { woman: 4, man: 30, undisclosed: 6 };
    const { cells, total } = suppressTable(counts);
    const shown = Object.values(cells).filter((v): v is number => typeof v === "number");
    const hidden = Object.values(cells).filter((v) => typeof v !== "number");
    expect(hidden.length).toBeGreaterThanOrEqual(2);
    expect((total as number) - shown.reduce((a, b) => a + b, 0)).toBe(10);
  });
});
