import { describe, expect, it } from "vitest";
import { createLogger } from "../src/logger.js";

function capture(level: Parameters<typeof createLogger>[0], redact: string[] = []) {
  const lines: string[] = [];
  return { lines, logger: createLogger(level, { redact, write: (line) => lines.push(line) }) };
}

describe("logger", () => {
  it("writes one JSON object per line at or above its level", () => {
    const { lines, logger } = capture("info");
    logger.debug("hidden");
    logger.info("shown", { count: 2 });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: "info", message: "shown", count: 2 });
  });

  it("masks secrets wherever they appear", () => {
    const token = "123456:SECRET-token-value-abcdefghijklmnop";
    const { lines, logger } = capture("debug", [token]);
    logger.error("failed", { error: new Error(`call to /bot${token}/getMe failed`) });
    expect(lines[0]).not.toContain(token);
    expect(lines[0]).toContain("[redacted]");
  });

  it("never logs the parameters of a failed query, which can hold people's data", () => {
    const { lines, logger } = capture("debug");
    const cause = new Error("UNIQUE constraint failed");
    const error = new Error("Failed query: insert into users values (?, ?)\nparams: 777001,Aida", { cause });
    logger.error("update failed", { error });
    expect(lines[0]).not.toContain("777001");
    expect(lines[0]).not.toContain("Aida");
    expect(JSON.parse(lines[0]!).error.cause.message).toBe("UNIQUE constraint failed");
  });
});
