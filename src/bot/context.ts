import type { ConversationFlavor } from "@grammyjs/conversations";
import type { Context } from "grammy";
import type { Config } from "../config.js";
import type { Database } from "../db/database.js";
import type { Awaiting } from "../db/repo/awaiting.js";
import type { StoredConversation } from "../db/repo/conversations.js";
import type { User } from "../db/repo/users.js";
import type { AwaitingKind } from "../domain/awaiting.js";
import type { KeyedHashes } from "../domain/keyed-hash.js";
import type { Roles } from "../domain/roles.js";
import type { Locale, Translate } from "../i18n/index.js";
import type { Logger } from "../logger.js";

export interface BotDeps {
  config: Config;
  database: Database;
  logger: Logger;
  /** Keyed with a secret outside the database: phones, blocked accounts, ids in logs. */
  hashes: KeyedHashes;
  /** Milliseconds since the epoch; tests move it. */
  now: () => number;
  /** Called after notifications were queued, so the dispatcher need not wait for its next tick. */
  onEnqueued?: () => void;
  /** SVG to PNG for the /stats chart; absent on Workers, where only the numbers are sent. */
  renderChart?: (svg: string) => Uint8Array;
}

export interface AppFlavor {
  locale: Locale;
  t: Translate;
  /** The registered person, present only after they consented. */
  user: User | undefined;
  roles: Roles;
  /** What the person's next private message is for (read by `bookkeeping`; the awaiting router acts on it). */
  awaiting: Awaiting | undefined;
  /** Whether this update's button press has had its one answer already. */
  callbackAnswered: boolean;
  /** This update's count in the sender's flood window (private chats; `limitFlood` acts on it). */
  floodHits: number | undefined;
  /** The conversation's state as `bookkeeping` read it, for the conversations plugin to take. */
  storedConversation: StoredConversation | undefined;
}

export type BotContext = ConversationFlavor<Context & AppFlavor>;
/** Inside a conversation the context is rebuilt on every replay: only plain grammY is there. */
export type FlowContext = Context;

/** What a feature waiting for a person's next message declares. */
export interface AwaitHandler {
  kind: AwaitingKind;
  /**
   * The next message, not a command. The handler ends the wait when it is answered; when its
   * subject is gone it ends the wait and calls `next`, so that the message is handled as if
   * nothing waited.
   */
  answer: (ctx: BotContext, wait: Awaiting, next: () => Promise<void>) => Promise<unknown>;
  /** Callback prefixes of the wait's own buttons: they keep it; any other button ends it. */
  buttons?: readonly string[];
  /** The text answering an edit of an earlier message while waiting; without it, edits pass on. */
  editedMessage?: string;
}
