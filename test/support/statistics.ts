import type { User } from "grammy/types";
import { roundInitiatives, rounds } from "../../src/db/schema.js";
import type { RoundResults } from "../../src/domain/round-results.js";
import type { ApiCall, Harness, UploadedFile } from "./harness.js";
import { text } from "./updates.js";

export const OFFICER = 500;
export const ADMIN = 900;

/** A closed round of municipality 1 with stored results, as the voting job leaves it. */
export async function closedRound(h: Harness, initiativeIds: number[], closedAt: number) {
  const ranking = initiativeIds.map((initiativeId, i) => ({
    initiativeId,
    online: 20 - i * 5,
    paper: 2,
    submittedAt: 0,
    rank: i + 1,
    total: 22 - i * 5,
  }));
  const results: RoundResults = {
    ranking,
    participation: { voters: 30, byGender: {}, byAge: {} },
  };
  const [round] = await h.db
    .insert(rounds)
    .values({
      municipalityId: 1,
      title: "Жаз 2026: көчө жарыгы",
      status: "closed",
      createdBy: ADMIN,
      opensAt: closedAt - 7 * 86_400_000,
      closesAt: closedAt,
      closedAt,
      results,
    })
    .returning();
  for (const initiativeId of initiativeIds)
    await h.db.insert(roundInitiatives).values({ roundId: round!.id, initiativeId, paperVotes: 2 });
  return round!;
}

/** Sends a command and returns the Bot API calls it caused. */
export async function command(h: Harness, who: User, body: string): Promise<ApiCall[]> {
  h.advance(1_000);
  await h.send(text(who, body));
  return h.take();
}

export const documents = (calls: ApiCall[]) =>
  calls.filter((c) => c.method === "sendDocument").map((c) => c.payload.document as UploadedFile);
