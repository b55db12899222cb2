import { describe, expect, it } from "vitest";
import { floodVerdict } from "../../src/domain/rate-limit.js";

describe("flood verdict", () => {
  it("allows up to the limit in a window, warns at the first hit past it, then drops", () => {
    expect([1, 2, 3, 4, 5, 6].map((hits) => floodVerdict(hits, 3))).toEqual([
      "allow",
      "allow",
      "allow",
      "warn",
      "drop",
      "drop",
    ]);
  });
});
