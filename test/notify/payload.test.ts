import { describe, expect, it } from "vitest";
import { escapeHtml } from "../../src/domain/text.js";
import {
  CAPTION_LIMIT,
  type DeliveryPart,
  deliveryParts,
  MESSAGE_TEXT_LIMIT,
  splitText,
} from "../../src/notify/payload.js";
import { telegramVisibleText } from "../support/telegram-html.js";

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

  const textOf = (part: DeliveryPart) => (part.kind === "text" ? part.text : (part.caption ?? ""));

  it("measures HTML as Telegram does, after parsing: 1,500 escaped & are 1,500 characters, one message", () => {
    const text = `<b>Comment</b>\n\n${escapeHtml("&".repeat(1_500))}`;
    expect(text.length).toBeGreaterThan(MESSAGE_TEXT_LIMIT);
    expect(deliveryParts({ text, parseMode: "HTML", buttons })).toEqual([{ kind: "text", text, buttons }]);
  });

  it("never cuts an entity when the visible text is longer than a message", () => {
    const ampersands = "&".repeat(MESSAGE_TEXT_LIMIT + 1_500);
    const text = `<b>${escapeHtml(ampersands)}</b>`;
    const parts = deliveryParts({ text, parseMode: "HTML" });
    expect(parts.length).toBe(2);
    const visible = parts.map((p) => telegramVisibleText(textOf(p)));
    for (const shown of visible) expect(shown.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
    expect(visible.join("")).toBe(ampersands);
  });

  it("puts an HTML text on the media when what the reader sees fits a caption, and only then", () => {
    const fits = escapeHtml("<&>".repeat(CAPTION_LIMIT / 4));
    expect(fits.length).toBeGreaterThan(CAPTION_LIMIT);
    expect(deliveryParts({ text: fits, parseMode: "HTML", media: photo })).toEqual([
      { kind: "media", media: photo, caption: fits },
    ]);
    const tooLong = `<i>${escapeHtml("&".repeat(CAPTION_LIMIT + 1))}</i>`;
    expect(deliveryParts({ text: tooLong, parseMode: "HTML", media: photo })).toEqual([
      { kind: "media", media: photo },
      { kind: "text", text: tooLong },
    ]);
  });

  it("closes an element cut open at the end of a message and opens it again in the next", () => {
    const words = "word ".repeat(1_000).trim();
    const text = `<blockquote><b>${words}</b></blockquote> <a href="https://example.org/?a=1&amp;b=2">link</a>`;
    const parts = deliveryParts({ text, parseMode: "HTML" }).map(textOf);
    expect(parts.length).toBe(2);
    expect(parts[0]).toMatch(/^<blockquote><b>word .* word<\/b><\/blockquote>$/);
    expect(parts[1]).toMatch(/^<blockquote><b>word .*<\/a>$/);
    const visible = parts.map(telegramVisibleText);
    for (const shown of visible) expect(shown.length).toBeLessThanOrEqual(MESSAGE_TEXT_LIMIT);
    expect(visible.join(" ")).toBe(`${words} link`);
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

  it("does not leave a tag opened just before a cut in the piece before it", () => {
    expect(splitText("aaaa <b>bbbb</b>", 6, "HTML")).toEqual(["aaaa", "<b>bbbb</b>"]);
    expect(splitText("<i>aaaa <b>bbbb</b></i>", 6, "HTML")).toEqual(["<i>aaaa</i>", "<i><b>bbbb</b></i>"]);
  });

  it("cuts random HTML into valid pieces within the limit that together show the same text", () => {
    let seed = 14;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const words = ["&amp;", "&lt;&gt;", "a&quot;b", "kyrgyz", "Ынтымак", "😀😀", "&#128512;", "x"];
    for (let round = 0; round < 200; round++) {
      const limit = 12 + random(30);
      const open: string[] = [];
      let html = "";
      for (let i = 0; i < 60; i++) {
        const roll = random(10);
        if (roll === 0 && open.length < 3) {
          const tag = ["b", "i", "u", "code"][random(4)]!;
          open.push(tag);
          html += `<${tag}>`;
        } else if (roll === 1 && open.length > 0) html += `</${open.pop()}>`;
        else html += words[random(words.length)]! + [" ", "\n", "\n\n"][random(3)];
      }
      html = `${html.trim()}${open
        .reverse()
        .map((tag) => `</${tag}>`)
        .join("")}`;
      const pieces = splitText(html, limit, "HTML");
      const visible = pieces.map(telegramVisibleText);
      for (const shown of visible) expect(shown.length).toBeLessThanOrEqual(limit);
      const words_ = (s: string) => s.split(/[ \n]+/).filter(Boolean);
      expect(words_(visible.join(" "))).toEqual(words_(telegramVisibleText(html)));
    }
  });
});
