import { describe, expect, it } from "vitest";
import { publishBotProfile } from "../../src/bot/commands.js";
import { LOCALES } from "../../src/i18n/index.js";
import { createLogger } from "../../src/logger.js";
import { createHarness } from "../support/harness.js";

describe("the bot's public profile", () => {
  it("publishes valid commands and descriptions in each language and a default", async () => {
    const h = await createHarness();
    await publishBotProfile(h.bot.api, "ky", createLogger("silent"));
    const calls = h.take();
    const commandCalls = calls.filter((c) => c.method === "setMyCommands");
    expect(commandCalls.map((c) => c.payload.language_code)).toEqual([...LOCALES, undefined]);
    for (const call of commandCalls) {
      for (const { command, description } of call.payload.commands) {
        expect(command).toMatch(/^[a-z0-9_]{1,32}$/);
        expect(description.length).toBeGreaterThan(0);
        expect(description.length).toBeLessThanOrEqual(256);
        expect(description).not.toMatch(/^(commands|report)\./);
      }
    }
    const descriptions = calls
      .filter((c) => c.method === "setMyDescription")
      .map((c) => c.payload.description);
    expect(descriptions.every((d) => d.length > 0 && d.length <= 512)).toBe(true);
    const short = calls
      .filter((c) => c.method === "setMyShortDescription")
      .map((c) => c.payload.short_description);
    expect(short.every((d) => d.length > 0 && d.length <= 120)).toBe(true);
    expect(commandCalls[0]!.payload.commands.map((c: { command: string }) => c.command)).toContain("vote");
  });
});
