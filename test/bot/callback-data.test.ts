import { describe, expect, it } from "vitest";
import { callbackAction, id, oneOf, optional, word } from "../../src/bot/callback-data.js";
import * as registry from "../../src/bot/callbacks.js";

describe("typed callback data", () => {
  const pick = callbackAction("test", "pick", {
    item: id,
    side: oneOf(["l", "r"] as const),
    note: optional(word(8)),
  });

  it("packs and reads the same values, with or without the optional tail", () => {
    const full = pick.pack({ item: 42, side: "r", note: "abc" });
    expect(full).toBe("1|test|pick|42|r|abc");
    expect(pick.read(full.match(pick.pattern)!)).toEqual({ item: 42, side: "r", note: "abc" });
    const short = pick.pack({ item: 7, side: "l" });
    expect(short).toBe("1|test|pick|7|l");
    expect(pick.read(short)).toEqual({ item: 7, side: "l" });
  });

  it("does not match forged or foreign data", () => {
    for (const forged of [
      "1|test|pick|-1|l",
      "1|test|pick|1|x",
      "1|test|pick|1|l|toolongnote",
      "2|test|pick|1|l",
      "1|test|pick|1",
    ])
      expect(pick.pattern.test(forged), forged).toBe(false);
  });

  it("refuses values a keyboard must never write", () => {
    expect(() => pick.pack({ item: 1.5, side: "l" })).toThrow(/out of range/);
    expect(() => pick.pack({ item: 1, side: "x" as "l" })).toThrow(/not allowed/);
    expect(() => pick.pack({ item: 1, side: "l", note: "a|b" })).toThrow(/not allowed/);
  });

  it("refuses at declaration an action that could exceed 64 bytes or is declared twice", () => {
    expect(() => callbackAction("test", "wide", { a: id, b: id, c: id, d: id, e: id })).toThrow(/over 64/);
    expect(() => callbackAction("test", "pick", {})).toThrow(/twice/);
    expect(() => callbackAction("test", "gap", { a: optional(id), b: id })).toThrow(/last fields/);
  });

  it("every declared action's pattern is anchored and unique in the registry", () => {
    const actions = Object.values(registry).flatMap((group) => Object.values(group));
    expect(actions.length).toBeGreaterThan(0);
    const keys = actions.map((a) => `${a.feature}|${a.action}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const action of actions) expect(action.pattern.source.startsWith("^1\\|")).toBe(true);
  });
});
