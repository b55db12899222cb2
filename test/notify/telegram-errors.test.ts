import { GrammyError, HttpError } from "grammy";
import { describe, expect, it } from "vitest";
import { classifyTelegramError } from "../../src/notify/telegram-errors.js";

const telegramError = (error_code: number, description: string, parameters = {}) =>
  new GrammyError(
    "Call to 'sendMessage' failed!",
    { ok: false, error_code, description, parameters },
    "sendMessage",
    {},
  );

describe("classifyTelegramError", () => {
  it("reads the wait from a 429", () => {
    expect(
      classifyTelegramError(telegramError(429, "Too Many Requests: retry after 7", { retry_after: 7 })),
    ).toEqual({
      kind: "rate-limited",
      retryAfterMs: 7000,
      description: "429: Too Many Requests: retry after 7",
    });
  });

  it("treats 403 as a recipient who is gone", () => {
    for (const description of [
      "Forbidden: bot was blocked by the user",
      "Forbidden: bot was kicked from the group chat",
      "Forbidden: user is deactivated",
    ]) {
      expect(classifyTelegramError(telegramError(403, description)).kind).toBe("recipient-gone");
    }
  });

  it("does not retry a request Telegram rejected", () => {
    expect(classifyTelegramError(telegramError(400, "Bad Request: chat not found"))).toEqual({
      kind: "rejected",
      description: "400: Bad Request: chat not found",
    });
  });

  it("retries server errors, network errors and a wrong set-up", () => {
    expect(classifyTelegramError(telegramError(500, "Internal Server Error")).kind).toBe("transient");
    expect(classifyTelegramError(telegramError(502, "Bad Gateway")).kind).toBe("transient");
    expect(classifyTelegramError(telegramError(401, "Unauthorized")).kind).toBe("transient");
    const network = new HttpError("Network request for 'sendMessage' failed!", new Error("socket hang up"));
    expect(classifyTelegramError(network)).toEqual({
      kind: "transient",
      description: "Network request for 'sendMessage' failed! socket hang up",
    });
  });
});
