/** Who may vote in a round, and how a choice changes: pure rules, settled again by the database. */
export interface RoundWindow {
  municipalityId: number;
  status: "draft" | "scheduled" | "open" | "closed";
  opensAt: number;
  closesAt: number;
}

export interface Voter {
  municipalityId: number | null;
  status: "active" | "inactive" | "blocked";
}

export type VoteRefusal = "blocked" | "otherMunicipality" | "notOpenYet" | "closed";

/** Why this person cannot vote in this round now, or undefined when they can. */
export function voteRefusal(round: RoundWindow, voter: Voter, now: number): VoteRefusal | undefined {
  if (voter.status === "blocked") return "blocked";
  if (voter.municipalityId !== round.municipalityId) return "otherMunicipality";
  if (round.status === "closed" || now >= round.closesAt) return "closed";
  if (round.status !== "open" || now < round.opensAt) return "notOpenYet";
  return undefined;
}

export type Toggle = { action: "add" | "remove"; chosen: number[] } | { action: "refuse"; reason: "limit" };

/** Pressing an initiative takes the vote back if it was given, else gives it while votes are left. */
export function toggleChoice(chosen: readonly number[], initiativeId: number, limit: number): Toggle {
  if (chosen.includes(initiativeId))
    return { action: "remove", chosen: chosen.filter((id) => id !== initiativeId) };
  if (chosen.length >= limit) return { action: "refuse", reason: "limit" };
  return { action: "add", chosen: [...chosen, initiativeId] };
}

export const DEFAULT_VOTES_PER_VOTER = 3;
export const MAX_VOTES_PER_VOTER = 10;

/**
 * The most paper votes one initiative can get: not more than the people who live in the
 * municipality, as its LSG states it; where that is unknown, the installation's setting. A larger
 * count is a typing error (an extra zero), refused before it reaches the published results.
 */
export function paperVotesLimit(
  residents: number | null,
  settingMax: number,
): { max: number; from: "residents" | "setting" } {
  return residents === null ? { max: settingMax, from: "setting" } : { max: residents, from: "residents" };
}
