import { describe, expect, it } from "vitest";
import {
  determinedUnknowns,
  HIDDEN,
  type Identity,
  SMALL,
  sumIs,
  suppress,
  suppressCount,
} from "../../src/domain/suppression.js";
import { recover } from "../support/attacker.js";

/** One breakdown and its total, the simplest system. */
const table = (cells: Record<string, number>) =>
  suppress({
    values: { ...cells, total: Object.values(cells).reduce((a, b) => a + b, 0) },
    identities: [sumIs("total", Object.keys(cells))],
  });

describe("small-cell suppression", () => {
  it("shows 1-4 as <5, and 0 and 5 or more as they are", () => {
    expect([0, 1, 4, 5, 12].map(suppressCount)).toEqual([0, SMALL, SMALL, 5, 12]);
  });

  it("hides the next-smallest cell when a lone small cell could be worked out from the total", () => {
    // Shown alone, 20 - 9 - 8 = 3 women aged 56+ would be known.
    expect(table({ women: 3, men: 9, undisclosed: 8 })).toEqual({
      women: SMALL,
      men: 9,
      undisclosed: HIDDEN,
      total: 20,
    });
  });

  it("needs no second cell when two small cells already hide each other", () => {
    expect(table({ women: 3, men: 12, undisclosed: 2 })).toEqual({
      women: SMALL,
      men: 12,
      undisclosed: SMALL,
      total: 17,
    });
  });

  it("does not take a zero as the second cell: hiding it would protect nothing", () => {
    expect(table({ a: 2, b: 0, c: 7, d: 9 })).toMatchObject({ a: SMALL, b: 0, c: HIDDEN, d: 9 });
  });

  it("hides a small total, and then its cells need nothing more", () => {
    expect(table({ a: 3, b: 0 })).toEqual({ a: SMALL, b: 0, total: SMALL });
  });

  it("follows a leak across tables: a cell hidden in one is worked out through another", () => {
    // Authors by gender (w, m, u; total t) and "led by women" (l), assumed equal to w.
    const values = { w: 6, m: 2, u: 10, t: 18, l: 6 };
    const identities = [sumIs("t", ["w", "m", "u"]), sumIs("l", ["w"])];
    const cells = suppress({ values, identities });
    expect(cells).toMatchObject({ m: SMALL, w: HIDDEN, l: HIDDEN });
    const shown = new Map(
      Object.entries(cells).filter((e): e is [string, number] => typeof e[1] === "number"),
    );
    expect(recover(shown, identities).has("m")).toBe(false);
  });

  it("protects a count that is never shown, such as the rest of a share", () => {
    // 9 submitted, 7 approved: the 2 not approved are a small group of their own.
    const cells = suppress({
      values: { submitted: 9, approved: 7, rest: 2 },
      identities: [sumIs("submitted", ["approved", "rest"])],
      unpublished: ["rest"],
    });
    expect(cells).toMatchObject({ submitted: 9, approved: HIDDEN });
  });

  it("hides around cells that are shown whatever they are, and keeps <5 where only those give it away", () => {
    // One vote each: the votes (shown) add up to the voters; the voters by gender add up too.
    const values = { voters: 3, v1: 2, v2: 1, woman: 3, man: 0, undisclosed: 0 };
    const identities = [sumIs("voters", ["v1", "v2"]), sumIs("voters", ["woman", "man", "undisclosed"])];
    const cells = suppress({ values, identities, fixed: ["v1", "v2"] });
    expect(cells).toMatchObject({ v1: 2, v2: 1, voters: SMALL, woman: SMALL });
    // The women are not 3 for sure: a zero beside them is hidden as well.
    expect([cells.man, cells.undisclosed]).toContain(HIDDEN);
    const shown = new Map(
      Object.entries(cells).filter((e): e is [string, number] => typeof e[1] === "number"),
    );
    expect(recover(shown, identities).has("woman")).toBe(false);
  });

  it("also hides what bounds alone give away: <5 is 1-4 and * is 5 or more", () => {
    // 20 - 14 = 6 for the two hidden ones: the * is at least 5, so the <5 would be exactly 1.
    const values = { woman: 1, man: 5, undisclosed: 14, total: 20 };
    const cells = suppress({ values, identities: [sumIs("total", ["woman", "man", "undisclosed"])] });
    expect(cells).toEqual({ woman: SMALL, man: HIDDEN, undisclosed: HIDDEN, total: 20 });
    // Two <5 of a line whose hidden part is 2 are both 1.
    expect(table({ a: 1, b: 1, c: 9 })).toEqual({ a: SMALL, b: SMALL, c: HIDDEN, total: 11 });
    // Whose hidden part is 5: 1 + 4, 2 + 3, ... nothing is pinned, nothing more is hidden.
    expect(table({ a: 3, b: 2, c: 9 })).toEqual({ a: SMALL, b: SMALL, c: 9, total: 14 });
  });

  it("finds exactly the unknowns that the identities pin down", () => {
    const identities: Identity[] = [sumIs("t", ["a", "b"]), sumIs("b", ["c"])];
    const unknown = new Set(["a", "b", "c"]);
    expect(determinedUnknowns(identities, (id) => unknown.has(id))).toEqual([]);
    const two = new Set(["a", "c"]);
    expect(
      determinedUnknowns(identities, (id) => two.has(id))
        .map((d) => d.unknown)
        .sort(),
    ).toEqual(["a", "c"]);
  });
});
