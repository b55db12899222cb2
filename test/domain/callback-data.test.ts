import { describe, expect, it } from "vitest";
import { callbackData, callbackFeature, callbackPattern } from "../../src/bot/callback-data.js";

describe("callback data", () => {
  it("packs a versioned action that its pattern reads back", () => {
    const data = callbackData("adm", "rv", 42);
    expect(data).toBe("1|adm|rv|42");
    expect(callbackPattern("adm", "rv", "\\d+").exec(data)?.[1]).toBe("42");
    expect(callbackFeature(data)).toBe("adm");
  });

  it("does not read other versions, other actions or trailing junk", () => {
    const pattern = callbackPattern("adm", "rv", "\\d+");
    expect(pattern.test("0|adm|rv|42")).toBe(false);
    expect(pattern.test("1|adm|rv|42|1")).toBe(false);
    expect(pattern.test("1|adm|rvx|42")).toBe(false);
    expect(callbackFeature("2|adm|rv|1")).toBeUndefined();
  });

  it("refuses data over Telegram's 64 bytes, counting bytes not characters", () => {
    expect(() => callbackData("f", "a", "ө".repeat(30))).toThrow(/64 bytes/);
    expect(new TextEncoder().encode(callbackData("f", "a", "ө".repeat(29))).length).toBe(64);
  });
});
