import { describe, expect, it } from "vitest";
import {
  canWithdraw,
  formatReference,
  INITIATIVE_STATUSES,
  isEditable,
  nextStatus,
  referenceYear,
} from "../../src/domain/initiative-status.js";

describe("initiative lifecycle", () => {
  it("allows only the transitions of the model", () => {
    const table = Object.fromEntries(
      INITIATIVE_STATUSES.map((s) => [
        s,
        (["submit", "approve", "requestChanges", "reject", "withdraw"] as const).map(
          (a) => nextStatus(s, a) ?? "-",
        ),
      ]),
    );
    expect(table).toEqual({
      draft: ["submitted", "-", "-", "-", "-"],
      submitted: ["-", "approved", "changes_requested", "rejected", "withdrawn"],
      changes_requested: ["submitted", "-", "-", "-", "withdrawn"],
      approved: ["-", "-", "-", "-", "-"],
      rejected: ["-", "-", "-", "-", "-"],
      withdrawn: ["-", "-", "-", "-", "-"],
      in_round: ["-", "-", "-", "-", "-"],
      shortlisted: ["-", "-", "-", "-", "-"],
      not_selected: ["-", "-", "-", "-", "-"],
      selected: ["-", "-", "-", "-", "-"],
      implemented: ["-", "-", "-", "-", "-"],
    });
    expect(INITIATIVE_STATUSES.filter(isEditable)).toEqual(["draft", "changes_requested"]);
    expect(INITIATIVE_STATUSES.filter(canWithdraw)).toEqual(["submitted", "changes_requested"]);
  });

  it("takes an approved initiative through the round, the commission's choice and implementation", () => {
    const stages = (["enterRound", "shortlist", "select", "notSelect", "implement"] as const).map((a) =>
      INITIATIVE_STATUSES.filter((s) => nextStatus(s, a)).map((s) => `${s}>${nextStatus(s, a)}`),
    );
    expect(stages).toEqual([
      ["approved>in_round"],
      ["in_round>shortlisted"],
      ["shortlisted>selected", "not_selected>selected"],
      ["shortlisted>not_selected"],
      ["selected>implemented"],
    ]);
  });

  it("numbers initiatives per year in Kyrgyzstan's time", () => {
    expect(formatReference(2026, 42)).toBe("I-2026-0042");
    expect(formatReference(2027, 12345)).toBe("I-2027-12345");
    expect(referenceYear(Date.parse("2026-12-31T17:59:59Z"))).toBe(2026);
    expect(referenceYear(Date.parse("2026-12-31T18:00:00Z"))).toBe(2027);
  });
});
