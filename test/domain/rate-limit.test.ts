import { describe, expect, it } from "vitest";
import { createRateLimiter } from "../../src/domain/rate-limit.js";

describe("flood limiter", () => {
  it("allows up to the limit in a window, warns once, then drops until the window slides", () => {
    const limiter = createRateLimiter({ limit: 3, windowMs: 1000 });
    const verdicts = [0, 100, 200, 300, 400].map((t) => limiter.hit("a", t));
    expect(verdicts).toEqual(["allow", "allow", "allow", "warn", "drop"]);
    expect(limiter.hit("b", 400)).toBe("allow");
    expect(limiter.hit("a", 1001)).toBe("allow");
    expect(limiter.hit("a", 1050)).toBe("warn");
  });
});
