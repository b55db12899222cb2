import type { FloodOptions } from "../../domain/rate-limit.js";
import type { Database, RawQuery, Read } from "../database.js";
import { conversationStateFrom, conversationStateQuery, type StoredConversation } from "./conversations.js";
import { floodHitQuery } from "./flood-counters.js";
import { claimUpdateQuery } from "./updates.js";
import { type WhoIsTalking, whoIsTalkingFrom, whoIsTalkingQuery } from "./who.js";

export interface BookkeepingInput {
  updateId: number;
  now: number;
  staleAfterMs: number;
  /** The sender, when the update has one. */
  userId?: number;
  /** The sender's keyed hash and the limit, for an update in a private chat. */
  flood?: { key: string; options: FloodOptions };
  /** The conversations plugin's key, for an update in a private chat. */
  conversationKey?: string;
  /** The reads of the step the update is for, to go in the same round trip (bot/prefetch.ts). */
  reads?: readonly Read<unknown>[];
}

export interface Bookkept {
  /** False: the update was handled already or is being handled (see `claimUpdate`). */
  claimed: boolean;
  who: WhoIsTalking | undefined;
  /** This update's count in the sender's flood window, when counted. */
  floodHits: number | undefined;
  conversation: StoredConversation | undefined;
  /** The results of `reads`, in their order. */
  read: readonly unknown[];
}

/**
 * What every update reads and counts before any feature, in one round trip (one D1 batch): the
 * duplicate claim, who is talking with their grants and wait, the flood hit and the conversation's
 * state, and the reads of the step the update announces. The statements are independent, so a
 * duplicate costs the same single round trip (its flood hit is counted and its step's reads are
 * read too: a duplicate is rare and comes from Telegram, not from the person).
 *
 * The claim is not finished after the update: in polling, the durable intake decides what is
 * handled again after a crash; in webhook mode the update's budget ends every handler before its
 * claim goes stale, so a retry after that is for a request that died, or whose answer Telegram
 * did not get (handled again, as a died one is).
 */
export async function bookkeep(database: Database, input: BookkeepingInput): Promise<Bookkept> {
  const { db } = database;
  const queries: RawQuery[] = [claimUpdateQuery(db, input.updateId, input.now, input.staleAfterMs)];
  const at = (query: RawQuery | undefined) => (query ? queries.push(query) - 1 : -1);
  const who = at(input.userId === undefined ? undefined : whoIsTalkingQuery(input.userId));
  const flood = at(input.flood && floodHitQuery(db, input.flood.key, input.flood.options, input.now));
  const conversation = at(
    input.conversationKey === undefined ? undefined : conversationStateQuery(db, input.conversationKey),
  );
  const [rows, read] = await database.rows<readonly unknown[]>(queries, input.reads ?? []);
  return {
    claimed: rows[0]!.length > 0,
    who: who < 0 ? undefined : whoIsTalkingFrom(rows[who]![0]),
    floodHits: flood < 0 ? undefined : Number(rows[flood]![0]?.hits),
    conversation: conversation < 0 ? undefined : conversationStateFrom(rows[conversation]!),
    read,
  };
}
