import { describe, expect, it } from "vitest";
import { CAPTION_LIMIT, deliveryParts, MESSAGE_TEXT_LIMIT, splitText } from "../../src/notify/payload.js";

const buttons = { inline_keyboard: [[{ text: "Open", callback_data: "open:1" }]] };
const photo = { kind: "photo" as const, fileId: "photo-1" };

describe("deliveryParts", () => {
  it("sends plain text as one message carrying the buttons", () => {
    expect(deliveryParts({ text: "Hello", buttons })).toEqual([{ kind: "text", text: "Hello", buttons }]);
  });

  it("puts a short text on the media as its caption", () => {
    expect(deliveryParts({ text: "A pothole", media: photo, buttons })).toEqual([
      { kind: "media", media: photo, caption: "A pothole", buttons },
    ]);
  });

  it("sends media without a caption when there is no text", () => {
    expect(deliveryParts({ text: "", media: photo })).toEqual([{ kind: "media", media: photo }]);
  });

  it("sends a text too long for a caption as a message after the media, with the buttons", () => {
    const text = "x".repeat(CAPTION_LIMIT + 1);
    expect(deliveryParts({ text, media: photo, buttons })).toEqual([
      { kind: "media", media: photo },
      { kind: "text", text, buttons },
    ]);
  });

  it("splits a text longer than a message and keeps every character", () => {
    const paragraph = `${"word ".repeat(300).trim()}\n\n`;
    const text = paragraph.repeat(6);
    const parts = deliveryParts({ text, buttons });
    expect(parts.length).toBeGreaterThan(1);
    expect(parts.every((p) => p.kind === "text" && p.text.length <= MESSAGE_TEXT_LIMIT)).toBe(true);
    expect(
      parts
        .map((p) => (p.kind === "text" ? p.text : ""))
        .join("")
        .replace(/\s/g, ""),
    ).toBe(text.replace(/\s/g, ""));
    expect(parts.slice(0, -1).every((p) => p.buttons === undefined)).toBe(true);
    expect(parts.at(-1)?.buttons).toEqual(buttons);
  });
});

describe("splitText", () => {
  it("leaves a text within the limit alone", () => {
    expect(splitText("short", 10)).toEqual(["short"]);
  });

  it("prefers paragraph, then line, then word boundaries", () => {
    expect(splitText("aaaa\n\nbbbb cc", 9)).toEqual(["aaaa", "bbbb cc"]);
    expect(splitText("aaaa\nbbbb cc", 9)).toEqual(["aaaa", "bbbb cc"]);
    expect(splitText("aaaa bbbb cc", 9)).toEqual(["aaaa bbbb", "cc"]);
  });

  it("cuts a word longer than the limit without splitting a surrogate pair", () => {
    const pieces = splitText(`abc${"😀".repeat(4)}`, 4);
    expect(pieces.join("")).toBe(`abc${"😀".repeat(4)}`);
    for (const piece of pieces) {
      expect(piece.length).toBeLessThanOrEqual(4);
      expect(piece).not.toMatch(/^[\uDC00-\uDFFF]|[\uD800-\uDBFF]$/);
    }
  });
});
