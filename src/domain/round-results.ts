import { AGE_BANDS, GENDERS } from "./profile.js";
import { type Cell, suppressTable } from "./suppression.js";

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
  voters: number;
  byGender: Record<string, Cell>;
  byAge: Record<string, Cell>;
}

/** Participation by gender and age band; people who did not say are counted as `undisclosed`. */
export function participation(profiles: readonly VoterProfile[]): Participation {
  const byGender = tally(GENDERS, profiles, (p) => p.gender);
  const byAge = tally(AGE_BANDS, profiles, (p) => p.ageBand);
  return {
    voters: profiles.reduce((sum, p) => sum + p.voters, 0),
    // With the number of voters published, one hidden group could be worked out from the rest.
    byGender: suppressTable(byGender).cells,
    byAge: suppressTable(byAge).cells,
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

/** What is published at closing, stored once with the round. */
export interface RoundResults {
  ranking: Ranked[];
  participation: Participation;
}
