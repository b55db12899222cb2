import { describe, expect, it } from "vitest";
import { callbackAction, callbackFeature, id, oneOf } from "../../src/bot/callback-data.js";

describe("callback data", () => {
  const revoke = callbackAction("cdt", "rv", { grant: id });

  it("packs a versioned action that its pattern reads back", () => {
    const data = revoke.pack({ grant: 42 });
    expect(data).toBe("1|cdt|rv|42");
    expect(revoke.read(revoke.pattern.exec(data)!)).toEqual({ grant: 42 });
    expect(callbackFeature(data)).toBe("cdt");
  });

  it("does not read other versions, other actions or trailing junk", () => {
    expect(revoke.pattern.test("0|cdt|rv|42")).toBe(false);
    expect(revoke.pattern.test("1|cdt|rv|42|1")).toBe(false);
    expect(revoke.pattern.test("1|cdt|rvx|42")).toBe(false);
    expect(callbackFeature("2|cdt|rv|1")).toBeUndefined();
  });

  it("refuses data over Telegram's 64 bytes, counting bytes not characters", () => {
    expect(() => callbackAction("f", "wide", { v: oneOf(["ө".repeat(29)]) })).toThrow(/over 64/);
    const widest = callbackAction("f", "a", { v: oneOf(["ө".repeat(29)]) });
    expect(new TextEncoder().encode(widest.pack({ v: "ө".repeat(29) })).length).toBe(64);
  });
});
