import { describe, expect, it } from "vitest";
import { parsePeriod, periodFromToken, periodLabel, presetPeriod } from "../../src/domain/period.js";

const NOW = Date.parse("2026-03-31T20:00:00Z"); // 1 April 02:00 in Bishkek

describe("statistics periods, in Bishkek days", () => {
  it("starts this month and the last three months at Bishkek midnight", () => {
    expect(presetPeriod("month", NOW).from).toBe(Date.parse("2026-03-31T18:00:00Z"));
    expect(presetPeriod("quarter", NOW).from).toBe(Date.parse("2026-01-31T18:00:00Z"));
    expect(presetPeriod("all", NOW)).toEqual({ from: 0, to: NOW + 1, token: "all" });
  });

  it("reads typed dates with both days included, and refuses impossible ones", () => {
    const period = parsePeriod("01.01.2026-31.03.2026")!;
    expect(period).toEqual({
      from: Date.parse("2025-12-31T18:00:00Z"),
      to: Date.parse("2026-03-31T18:00:00Z"),
      token: "d20260101-20260331",
    });
    expect(periodLabel(period)).toBe("01.01.2026 – 31.03.2026");
    expect(periodFromToken(period.token, NOW)).toEqual(period);
    for (const wrong of ["31.02.2026-01.03.2026", "01.04.2026-01.03.2026", "2026-01-01", ""])
      expect(parsePeriod(wrong)).toBeUndefined();
  });
});
