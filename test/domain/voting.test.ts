import { describe, expect, it } from "vitest";
import { parseBishkekDateTime } from "../../src/domain/bishkek-time.js";
import { normalizeKyrgyzPhone } from "../../src/domain/phone.js";
import { validateRoundAnswer } from "../../src/domain/round-draft.js";
import { participation, rankInitiatives } from "../../src/domain/round-results.js";
import { toggleChoice, voteRefusal } from "../../src/domain/voting.js";

const round = { municipalityId: 1, status: "open" as const, opensAt: 100, closesAt: 200 };
const voter = { municipalityId: 1, status: "active" as const };

describe("voting rules", () => {
  it("lets a resident vote only in their municipality, while the round is open, unless blocked", () => {
    expect(voteRefusal(round, voter, 150)).toBeUndefined();
    expect(voteRefusal(round, { ...voter, status: "blocked" }, 150)).toBe("blocked");
    expect(voteRefusal(round, { ...voter, municipalityId: 2 }, 150)).toBe("otherMunicipality");
    expect(voteRefusal(round, voter, 99)).toBe("notOpenYet");
    expect(voteRefusal({ ...round, status: "scheduled" }, voter, 150)).toBe("notOpenYet");
    expect(voteRefusal(round, voter, 200)).toBe("closed");
    expect(voteRefusal({ ...round, status: "closed" }, voter, 150)).toBe("closed");
  });

  it("toggles a choice within the limit", () => {
    expect(toggleChoice([1], 2, 2)).toEqual({ action: "add", chosen: [1, 2] });
    expect(toggleChoice([1, 2], 3, 2)).toEqual({ action: "refuse", reason: "limit" });
    expect(toggleChoice([1, 2], 1, 2)).toEqual({ action: "remove", chosen: [2] });
  });

  it("ranks by online plus paper votes, ties by earlier submission", () => {
    const ranked = rankInitiatives([
      { initiativeId: 1, online: 3, paper: 0, submittedAt: 30 },
      { initiativeId: 2, online: 1, paper: 2, submittedAt: 10 },
      { initiativeId: 3, online: 5, paper: 1, submittedAt: 20 },
    ]);
    expect(ranked.map((r) => [r.rank, r.initiativeId, r.total])).toEqual([
      [1, 3, 6],
      [2, 2, 3],
      [3, 1, 3],
    ]);
  });

  it("shows groups under 5 people as <5", () => {
    const result = participation(
      [
        { gender: "woman", ageBand: "18-28", voters: 7 },
        { gender: "man", ageBand: "56plus", voters: 2 },
        { gender: null, ageBand: null, voters: 1 },
      ],
      [],
      3,
    );
    expect(result.voters).toBe(10);
    expect(result.byGender).toEqual({ woman: 7, man: "<5", undisclosed: "<5" });
    expect(result.byAge).toMatchObject({ "18-28": 7, "56plus": "<5", undisclosed: "<5", under18: 0 });
  });

  it("hides a second group when one small group could be worked out from the number of voters", () => {
    const result = participation(
      [
        { gender: "woman", ageBand: "18-28", voters: 9 },
        { gender: "man", ageBand: "18-28", voters: 2 },
      ],
      [],
      3,
    );
    expect(result.voters).toBe(11);
    expect(result.byGender).toEqual({ woman: "*", man: "<5", undisclosed: 0 });
    expect(result.byAge).toMatchObject({ "18-28": 11, under18: 0 });
  });

  it("shows a number of voters under 5 as <5, and then the groups need nothing more", () => {
    const result = participation([{ gender: "woman", ageBand: "18-28", voters: 3 }], [], 3);
    expect(result).toEqual({
      voters: "<5",
      byGender: { woman: "<5", man: 0, undisclosed: 0 },
      byAge: { under18: 0, "18-28": "<5", "29-35": 0, "36-55": 0, "56plus": 0, undisclosed: 0 },
    });
  });

  it("with one vote each, protects the groups against the votes of the ranking, which add up to the voters", () => {
    const ranking = rankInitiatives([
      { initiativeId: 1, online: 2, paper: 0, submittedAt: 1 },
      { initiativeId: 2, online: 1, paper: 0, submittedAt: 2 },
    ]);
    const result = participation([{ gender: "woman", ageBand: "18-28", voters: 3 }], ranking, 1);
    // 2 + 1 = 3 voters, so "<5 women, 0 men, 0 not said" would say: all three were women.
    expect(result.voters).toBe("<5");
    expect(Object.values(result.byGender)).toContain("*");
    expect(Object.values(result.byAge)).toContain("*");
  });

  it("normalises Kyrgyz phone numbers and refuses others", () => {
    for (const input of ["+996700123456", "996700123456", "+996 (700) 12-34-56", "0700123456"])
      expect(normalizeKyrgyzPhone(input)).toBe("+996700123456");
    for (const input of ["+77011234567", "700123", "+9967001234567", "phone"])
      expect(normalizeKyrgyzPhone(input)).toBeUndefined();
  });

  it("reads dates as Bishkek time and checks the round's questions", () => {
    expect(parseBishkekDateTime("31.12.2026 18:00")).toBe(Date.parse("2026-12-31T12:00:00Z"));
    expect(parseBishkekDateTime("1.1.2027 0:05")).toBe(Date.parse("2026-12-31T18:05:00Z"));
    expect(parseBishkekDateTime("31.02.2026 10:00")).toBeUndefined();
    expect(parseBishkekDateTime("31.12.2026 24:00")).toBeUndefined();
    const draft = { opensAt: Date.parse("2026-12-01T00:00:00Z"), closesAt: null };
    const now = Date.parse("2026-11-01T00:00:00Z");
    expect(validateRoundAnswer("closes", "30.11.2026 10:00", draft, now)).toEqual({
      ok: false,
      error: "closesBeforeOpens",
    });
    expect(validateRoundAnswer("closes", "01.10.2026 10:00", { opensAt: null, closesAt: null }, now)).toEqual(
      {
        ok: false,
        error: "closesPast",
      },
    );
    expect(validateRoundAnswer("votes", "11", draft, now)).toEqual({ ok: false, error: "votes" });
    expect(validateRoundAnswer("budget", "100 000", draft, now)).toEqual({
      ok: true,
      changes: { totalBudget: 100_000 },
    });
  });
});
