import { describe, expect, it } from "vitest";
import {
  createRateState,
  DEFAULT_LIMITS,
  earliestSendAt,
  forgetRecoveredChats,
  recordRateLimit,
  recordSend,
  type TelegramLimits,
} from "../../src/notify/rate-limits.js";

const limits: TelegramLimits = {
  messagesPerSecond: 10,
  privateChatPerSecond: 1,
  privateChatBurst: 2,
  groupChatPerMinute: 20,
};
const PRIVATE = 42;
const GROUP = -100123;

/** Sends to `chatId` as early as the limits allow and returns the send times. */
function sendAsSoonAsAllowed(chatIds: number[], chosen = limits) {
  const state = createRateState();
  return chatIds.map((chatId) => {
    const at = Math.max(0, earliestSendAt(state, chatId, chosen));
    recordSend(state, chatId, chosen, at);
    return at;
  });
}

describe("pacing within Telegram's limits", () => {
  it("defaults to 25 messages a second, under Telegram's 30", () => {
    expect(DEFAULT_LIMITS.messagesPerSecond).toBe(25);
  });

  it("spaces messages to different chats by the overall rate", () => {
    const times = sendAsSoonAsAllowed(Array.from({ length: 21 }, (_, i) => i + 1));
    expect(times[20]).toBe(2_000);
    const inFirstSecond = times.filter((t) => t < 1_000).length;
    expect(inFirstSecond).toBeLessThanOrEqual(10);
  });

  it("lets a private chat have a short burst, then one a second", () => {
    expect(sendAsSoonAsAllowed([PRIVATE, PRIVATE, PRIVATE, PRIVATE])).toEqual([0, 100, 1_000, 2_000]);
  });

  it("gives a group chat one message every three seconds (20 a minute)", () => {
    const times = sendAsSoonAsAllowed(Array.from({ length: 21 }, () => GROUP));
    expect(times.slice(0, 3)).toEqual([0, 3_000, 6_000]);
    expect(times.filter((t) => t < 60_000)).toHaveLength(20);
  });

  it("keeps the average at the limit when timers fire late", () => {
    const fast = { ...limits, messagesPerSecond: 300 };
    const state = createRateState();
    let sent = 0;
    // A timer that fires every 4 ms instead of every 3.3 ms: each wake-up sends what is allowed.
    for (let now = 0; now < 10_000; now += 4) {
      while (earliestSendAt(state, sent + 1, fast) <= now) {
        recordSend(state, sent + 1, fast, now);
        sent += 1;
      }
    }
    expect(sent).toBeGreaterThanOrEqual(2_990);
    expect(sent).toBeLessThanOrEqual(3_015);
  });

  it("waits the retry_after of one chat without holding back the others", () => {
    const state = createRateState();
    expect(recordRateLimit(state, PRIVATE, limits, 1_000, 5_000)).toBe("chat");
    expect(earliestSendAt(state, PRIVATE, limits)).toBe(6_000);
    expect(earliestSendAt(state, 7, limits)).toBeLessThanOrEqual(1_000);
  });

  it("pauses everything when two chats are told to wait at about the same time", () => {
    const state = createRateState();
    recordRateLimit(state, 1, limits, 1_000, 3_000);
    expect(recordRateLimit(state, 2, limits, 1_200, 3_000)).toBe("everything");
    expect(earliestSendAt(state, 3, limits)).toBe(4_200);
  });

  it("treats 429s for two chats far apart in time as separate", () => {
    const state = createRateState();
    recordRateLimit(state, 1, limits, 1_000, 3_000);
    expect(recordRateLimit(state, 2, limits, 5_000, 3_000)).toBe("chat");
    expect(earliestSendAt(state, 3, limits)).toBeLessThanOrEqual(5_000);
  });

  it("forgets chats whose pace has recovered", () => {
    const state = createRateState();
    recordSend(state, PRIVATE, limits, 0);
    recordSend(state, GROUP, limits, 0);
    forgetRecoveredChats(state, 1_500);
    expect([...state.chats.keys()]).toEqual([GROUP]);
  });
});
