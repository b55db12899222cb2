import { describe, expect, it } from "vitest";
import {
  cleanText,
  escapeHtml,
  fitWithin,
  labelWidth,
  truncate,
  truncateLabel,
} from "../../src/domain/text.js";

describe("safe text", () => {
  it("removes control, invisible and direction-changing characters but keeps line breaks", () => {
    expect(cleanText("  a\u0000b\u0007c\r\nd\te\u200bf\u202eg\u2066h\ufeff  ")).toBe("abc\nd ef" + "gh");
    expect(cleanText("one\n\n\n\ntwo")).toBe("one\n\ntwo");
    expect(cleanText("Кыргызча: өңүү ✅")).toBe("Кыргызча: өңүү ✅");
  });

  it("shortens with an ellipsis without splitting a surrogate pair", () => {
    expect(truncate("short", 10)).toBe("short");
    expect(truncate("abcdefghij", 5)).toBe("abcd…");
    const emoji = "ab😀cd";
    expect(truncate(emoji, 4)).toBe("ab…");
    expect(truncate(emoji, 4).length).toBeLessThanOrEqual(4);
  });

  it("shortens the fields of a card until it fits, never cutting an entity", () => {
    const field = "&".repeat(1500);
    const render = (max: number) =>
      `<b>Title</b>\n${escapeHtml(truncate(field, max))}\n${escapeHtml(truncate(field, max))}`;
    const text = fitWithin(4096, render);
    expect(text.length).toBeLessThanOrEqual(4096);
    expect(text).toMatch(/^<b>Title<\/b>\n(&amp;)+…\n(&amp;)+…$/);
    expect(fitWithin(4096, () => "fits")).toBe("fits");
    expect(() => fitWithin(10, () => "x".repeat(11))).toThrow();
  });
});

describe("button labels", () => {
  it("count an emoji as two and shorten to a width with an ellipsis", () => {
    expect(labelWidth("▫️ 1. Ab")).toBe(8);
    expect(labelWidth("✅ Да")).toBe(5);
    expect(truncateLabel("✅ 1. Street lights on Manas street", 30)).toBe("✅ 1. Street lights on Manas…");
    expect(truncateLabel("short", 30)).toBe("short");
  });
});
