import { eq } from "drizzle-orm";
import type { User } from "grammy/types";
import { createRoundDraft, findRound, scheduleRound, updateRoundDraft } from "../../src/db/repo/rounds.js";
import { rounds, users, votes } from "../../src/db/schema.js";
import { advanceRounds } from "../../src/jobs/rounds.js";
import { type Harness, onboard } from "./harness.js";
import { grant, submitInitiative } from "./initiatives.js";
import { press } from "./updates.js";

export const HOUR = 60 * 60 * 1000;

/** Initiatives submitted by `author` and approved by a moderator, in submission order. */
export async function approvedInitiatives(h: Harness, author: User, moderator: User, n: number) {
  await grant(h, moderator.id, "moderator");
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const id = await submitInitiative(h, author);
    await h.send(press(moderator, `1|mod|ok|${id}|1`));
    ids.push(id);
  }
  h.take();
  return ids;
}

/**
 * The people every round needs, registered: an author whose `n` initiatives a moderator approved,
 * and an officer of municipality 1. Returns the initiatives' ids in submission order.
 */
export async function roundCast(
  h: Harness,
  people: { author: User; moderator: User; officer: User },
  n: number,
): Promise<number[]> {
  for (const who of [people.author, people.moderator, people.officer]) await onboard(h, who);
  await grant(h, people.officer.id, "officer", 1);
  return approvedInitiatives(h, people.author, people.moderator, n);
}

/** A round of municipality 1 with every approved initiative, opened by the job now. */
export async function openRoundNow(
  h: Harness,
  officerId: number,
  options: { votesPerVoter?: number; requirePhone?: boolean } = {},
) {
  const now = h.deps.now();
  const draft = await createRoundDraft(h.db, { municipalityId: 1, createdBy: officerId, now });
  await updateRoundDraft(h.db, draft.id, {
    title: "Budget 2027",
    opensAt: now,
    closesAt: now + 48 * HOUR,
    votesPerVoter: options.votesPerVoter ?? 2,
    requirePhone: options.requirePhone ?? false,
  });
  await scheduleRound(h.database, (await findRound(h.db, draft.id))!, officerId, now);
  await advanceRounds(h.deps, now);
  return (await findRound(h.db, draft.id))!;
}

export async function votesOf(h: Harness, roundId: number) {
  return h.db.select().from(votes).where(eq(votes.roundId, roundId));
}

export async function roundRow(h: Harness, id: number) {
  const [row] = await h.db.select().from(rounds).where(eq(rounds.id, id));
  return row!;
}

export async function setProfile(h: Harness, id: number, gender: string | null, ageBand: string | null) {
  await h.db.update(users).set({ gender, ageBand }).where(eq(users.id, id));
}
