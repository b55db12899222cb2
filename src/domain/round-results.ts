import { AGE_BANDS, GENDERS } from "./profile.js";
import { type Cell, type Identity, sumIs, suppress, suppressCount } from "./suppression.js";

export type { Cell };

export interface Count {
  initiativeId: number;
  online: number;
  paper: number;
  /** When the initiative was submitted: the earlier one ranks first on equal votes. */
  submittedAt: number;
}

export interface Ranked extends Count {
  rank: number;
  total: number;
}

/** Online and paper votes together, most first; equal totals by earlier submission, then id. */
export function rankInitiatives(counts: readonly Count[]): Ranked[] {
  return counts
    .map((c) => ({ ...c, total: c.online + c.paper }))
    .sort((a, b) => b.total - a.total || a.submittedAt - b.submittedAt || a.initiativeId - b.initiativeId)
    .map((c, index) => ({ ...c, rank: index + 1 }));
}

export interface VoterProfile {
  gender: string | null;
  ageBand: string | null;
  voters: number;
}

export interface Participation {
  /** Results stored before the number of voters was suppressed hold it exact: see `shownVoters`. */
  voters: Cell;
  byGender: Record<string, Cell>;
  byAge: Record<string, Cell>;
}

/** Cell ids of a round's results, for the suppression and for anyone checking it. */
export const roundCell = {
  voters: "voters",
  gender: (g: string) => `gender/${g}`,
  age: (a: string) => `age/${a}`,
  online: (initiativeId: number) => `online/${initiativeId}`,
};

/**
 * What ties a round's published numbers together: the voters by gender and by age band add up to
 * the voters, and where each voter has one vote, the online votes of the ranking add up to them too.
 */
export function roundIdentities(ranking: readonly Ranked[], votesPerVoter: number): Identity[] {
  return [
    sumIs(roundCell.voters, GENDERS.map(roundCell.gender)),
    sumIs(roundCell.voters, AGE_BANDS.map(roundCell.age)),
    ...(votesPerVoter === 1
      ? [
          sumIs(
            roundCell.voters,
            ranking.map((r) => roundCell.online(r.initiativeId)),
          ),
        ]
      : []),
  ];
}

/**
 * Participation by gender and age band (people who did not say are counted as `undisclosed`),
 * suppressed together with the number of voters and against the ranking, which is shown whole.
 */
export function participation(
  profiles: readonly VoterProfile[],
  ranking: readonly Ranked[],
  votesPerVoter: number,
): Participation {
  const byGender = tally(GENDERS, profiles, (p) => p.gender);
  const byAge = tally(AGE_BANDS, profiles, (p) => p.ageBand);
  const values: Record<string, number> = {
    [roundCell.voters]: profiles.reduce((sum, p) => sum + p.voters, 0),
    ...Object.fromEntries(GENDERS.map((g) => [roundCell.gender(g), byGender[g]!])),
    ...Object.fromEntries(AGE_BANDS.map((a) => [roundCell.age(a), byAge[a]!])),
    ...Object.fromEntries(ranking.map((r) => [roundCell.online(r.initiativeId), r.online])),
  };
  const cells = suppress({
    values,
    identities: roundIdentities(ranking, votesPerVoter),
    fixed: ranking.map((r) => roundCell.online(r.initiativeId)),
  });
  return {
    voters: cells[roundCell.voters]!,
    byGender: Object.fromEntries(GENDERS.map((g) => [g, cells[roundCell.gender(g)]!])),
    byAge: Object.fromEntries(AGE_BANDS.map((a) => [a, cells[roundCell.age(a)]!])),
  };
}

function tally(
  keys: readonly string[],
  profiles: readonly VoterProfile[],
  keyOf: (p: VoterProfile) => string | null,
): Record<string, number> {
  const counts = Object.fromEntries(keys.map((k) => [k, 0]));
  for (const p of profiles) {
    const key = keyOf(p);
    const bucket = key && key in counts ? key : "undisclosed";
    counts[bucket] = (counts[bucket] ?? 0) + p.voters;
  }
  return counts;
}

/** The number of voters as it may be shown, also from results stored when it was kept exact. */
export const shownVoters = (p: Participation): Cell =>
  typeof p.voters === "number" ? suppressCount(p.voters) : p.voters;

/** What is published at closing, stored once with the round. */
export interface RoundResults {
  ranking: Ranked[];
  participation: Participation;
}
