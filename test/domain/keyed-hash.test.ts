import { describe, expect, it } from "vitest";
import { createKeyedHashes } from "../../src/domain/keyed-hash.js";

describe("keyed hashes", () => {
  const key = "0123456789abcdef0123456789abcdef";

  it("give a chat the same short hash every time, even after thousands of others, and none of another key", () => {
    const hashes = createKeyedHashes(key);
    const first = hashes.chat(42);
    expect(first).toMatch(/^h[0-9a-f]{16}$/);
    expect(hashes.chat(42)).toBe(first);
    for (let id = 1_000; id < 6_000; id++) hashes.chat(id);
    expect(hashes.chat(42)).toBe(first);
    expect(createKeyedHashes(key).chat(42)).toBe(first);
    expect(hashes.chat(43)).not.toBe(first);
    expect(createKeyedHashes(`${key}x`).chat(42)).not.toBe(first);
    expect(hashes.account(42)).not.toContain(first.slice(1));
  });
});
