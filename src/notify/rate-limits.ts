/** Telegram's published sending limits, as the dispatcher applies them. */
export interface TelegramLimits {
  /** All chats together; Telegram allows about 30. */
  messagesPerSecond: number;
  privateChatPerSecond: number;
  /** Messages a private chat may get at once before the per-second pace applies. */
  privateChatBurst: number;
  /** Groups, supergroups and channels, whose chat ids are negative. */
  groupChatPerMinute: number;
}

export const DEFAULT_LIMITS: TelegramLimits = {
  messagesPerSecond: 25,
  privateChatPerSecond: 1,
  privateChatBurst: 2,
  groupChatPerMinute: 20,
};

/** Two chats told to wait within this time means the limit hit was the bot-wide one. */
const BOT_WIDE_RATE_LIMIT_WINDOW_MS = 1_000;

interface Pace {
  intervalMs: number;
  burst: number;
}

/**
 * In-memory sending state of one dispatcher process, as GCRA "theoretical arrival times":
 * the moment the next message would be due if messages went at exactly the allowed pace.
 */
export interface RateState {
  overall: number;
  chats: Map<number, number>;
  pausedUntil: number;
  lastRateLimit?: { chatId: number; at: number };
}

export function createRateState(): RateState {
  return { overall: 0, chats: new Map(), pausedUntil: 0 };
}

export function isGroupChat(chatId: number): boolean {
  return chatId < 0;
}

function overallPace(limits: TelegramLimits): Pace {
  // A twentieth of a second's worth of burst lets the dispatcher catch up when a timer fires late,
  // so the average stays at the limit; Telegram tolerates far more.
  return {
    intervalMs: 1000 / limits.messagesPerSecond,
    burst: Math.max(1, Math.ceil(limits.messagesPerSecond / 20)),
  };
}

function chatPace(chatId: number, limits: TelegramLimits): Pace {
  return isGroupChat(chatId)
    ? { intervalMs: 60_000 / limits.groupChatPerMinute, burst: 1 }
    : { intervalMs: 1000 / limits.privateChatPerSecond, burst: limits.privateChatBurst };
}

function allowedFrom(due: number | undefined, pace: Pace): number {
  return due === undefined ? Number.NEGATIVE_INFINITY : due - (pace.burst - 1) * pace.intervalMs;
}

/** The earliest moment a message to `chatId` keeps within every limit. */
export function earliestSendAt(state: RateState, chatId: number, limits: TelegramLimits): number {
  return Math.max(
    state.pausedUntil,
    allowedFrom(state.overall, overallPace(limits)),
    allowedFrom(state.chats.get(chatId), chatPace(chatId, limits)),
  );
}

export function recordSend(state: RateState, chatId: number, limits: TelegramLimits, at: number): void {
  state.overall = Math.max(state.overall, at) + overallPace(limits).intervalMs;
  state.chats.set(chatId, Math.max(state.chats.get(chatId) ?? at, at) + chatPace(chatId, limits).intervalMs);
}

/**
 * Applies a 429's retry_after. Telegram does not say which limit was hit: when a second chat is
 * told to wait shortly after the first, it was the bot-wide one, and everything pauses.
 */
export function recordRateLimit(
  state: RateState,
  chatId: number,
  limits: TelegramLimits,
  at: number,
  retryAfterMs: number,
): "chat" | "everything" {
  const until = at + retryAfterMs;
  const pace = chatPace(chatId, limits);
  const pausedChatDue = until + (pace.burst - 1) * pace.intervalMs;
  state.chats.set(chatId, Math.max(state.chats.get(chatId) ?? 0, pausedChatDue));
  const previous = state.lastRateLimit;
  state.lastRateLimit = { chatId, at };
  const botWide =
    previous !== undefined && previous.chatId !== chatId && at - previous.at <= BOT_WIDE_RATE_LIMIT_WINDOW_MS;
  if (!botWide) return "chat";
  state.pausedUntil = Math.max(state.pausedUntil, until);
  return "everything";
}

/** Chats whose pace has fully recovered behave as unknown ones; dropping them bounds the memory. */
export function forgetRecoveredChats(state: RateState, now: number): void {
  for (const [chatId, due] of state.chats) if (due <= now) state.chats.delete(chatId);
}
