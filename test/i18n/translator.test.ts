import { describe, expect, it } from "vitest";
import { translator } from "../../src/i18n/index.js";

describe("translator", () => {
  it("gives the same text for a key on every call, and still fills in values when given some", () => {
    const t = translator("en");
    expect(t("profile.done")).toBe("Done! You are registered.");
    expect(t("profile.done")).toBe("Done! You are registered.");
    expect(t("profile.municipalityChosen", { name: "Ak-Jar" })).toBe("📍 Municipality: Ak-Jar");
    expect(t("profile.municipalityChosen", { name: "Kara-Suu" })).toBe("📍 Municipality: Kara-Suu");
  });

  it("keeps each language's texts apart", () => {
    expect(translator("ky")("profile.done")).not.toBe(translator("en")("profile.done"));
    expect(translator("ru")("profile.done")).toBe(translator("ru")("profile.done"));
    expect(translator("ky")("profile.done")).toBe("Даяр! Каттоо аяктады.");
  });
});
