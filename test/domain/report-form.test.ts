import { describe, expect, it } from "vitest";
import {
  anonymityChanges,
  answerMessage,
  firstMissingStep,
  REPORT_FORM,
  type ReportFields,
  toggleAffected,
} from "../../src/domain/report-form.js";

const empty: ReportFields = {
  category: null,
  urgency: null,
  municipalityId: null,
  placeText: null,
  latitude: null,
  longitude: null,
  text: null,
  voiceFileId: null,
  photoFileId: null,
  affected: [],
  anonymous: true,
  exactLocation: false,
  mayContact: null,
};

describe("report form", () => {
  it("walks the steps forward to the summary and back to the first", () => {
    const forward = REPORT_FORM.ids.map((step) => REPORT_FORM.next(step, empty));
    expect(forward).toEqual([...REPORT_FORM.ids.slice(1), "summary"]);
    expect(REPORT_FORM.previous("summary", empty)).toBe("contact");
    expect(REPORT_FORM.previous("urgency", empty)).toBe("category");
    expect(REPORT_FORM.previous("category", empty)).toBeUndefined();
  });

  it("asks about anonymity before the place and the details", () => {
    const at = (step: string) => REPORT_FORM.ids.indexOf(step as never);
    expect(at("anonymous")).toBeLessThan(at("place"));
    expect(at("anonymous")).toBeLessThan(at("details"));
    expect(at("urgency")).toBeLessThan(at("anonymous"));
  });

  it("rounds an anonymous reporter's pin to 2 decimals and stays for the choice; a named one is exact", () => {
    const pin = { type: "location" as const, latitude: 42.876543, longitude: 74.612349 };
    expect(answerMessage("place", pin, empty)).toEqual({
      ok: true,
      stay: true,
      changes: { latitude: 42.88, longitude: 74.61, exactLocation: false },
    });
    expect(answerMessage("place", pin, { ...empty, anonymous: false })).toEqual({
      ok: true,
      stay: false,
      changes: { latitude: 42.876543, longitude: 74.612349, exactLocation: true },
    });
    expect(answerMessage("place", { ...pin, latitude: 95 }, empty)).toMatchObject({ ok: false });
  });

  it("rounds an exact pin when the reporter turns anonymous, and keeps it when they turn named", () => {
    const named = {
      ...empty,
      anonymous: false,
      latitude: 42.876543,
      longitude: 74.612349,
      exactLocation: true,
    };
    expect(anonymityChanges(named, true)).toEqual({
      anonymous: true,
      latitude: 42.88,
      longitude: 74.61,
      exactLocation: false,
    });
    expect(anonymityChanges(named, false)).toEqual({ anonymous: false });
    expect(anonymityChanges({ ...named, exactLocation: false }, true)).toEqual({ anonymous: true });
  });

  it("takes a place as text or a location pin, within 200 characters", () => {
    expect(answerMessage("place", { type: "text", text: "  Ak-Jar\u200b village " }, empty)).toEqual({
      ok: true,
      stay: false,
      changes: { placeText: "Ak-Jar village" },
    });
    expect(
      answerMessage("place", { type: "location", latitude: 42.5, longitude: 76.2 }, empty),
    ).toMatchObject({
      ok: true,
      changes: { latitude: 42.5, longitude: 76.2 },
    });
    expect(answerMessage("place", { type: "text", text: "x".repeat(201) }, empty)).toEqual({
      ok: false,
      error: "tooLong",
      max: 200,
      length: 201,
    });
    expect(answerMessage("place", { type: "voice", fileId: "v" }, empty)).toEqual({
      ok: false,
      error: "unsupported",
    });
  });

  it("moves on after a typed description long enough to stand alone, not after a piece, a photo or a voice", () => {
    const whole = "Two families quarrel over the ditch every night.";
    expect(answerMessage("details", { type: "text", text: whole }, empty)).toMatchObject({
      ok: true,
      stay: false,
    });
    const piece = { ...empty, text: "A fight after school." };
    expect(answerMessage("details", { type: "text", text: "Again today." }, piece)).toMatchObject({
      stay: false,
    });
    expect(answerMessage("details", { type: "photo", fileId: "p", caption: whole }, empty)).toMatchObject({
      stay: true,
    });
  });

  it("gathers details from text, a voice note and a photo, text up to 2,000 characters in all", () => {
    const first = answerMessage("details", { type: "text", text: "First part." }, empty);
    expect(first).toEqual({ ok: true, stay: true, changes: { text: "First part." } });
    const withText = { ...empty, text: "First part." };
    expect(answerMessage("details", { type: "photo", fileId: "p", caption: "Second." }, withText)).toEqual({
      ok: true,
      stay: true,
      changes: { photoFileId: "p", text: "First part.\n\nSecond." },
    });
    expect(answerMessage("details", { type: "photo", fileId: "p" }, empty)).toEqual({
      ok: true,
      stay: true,
      changes: { photoFileId: "p" },
    });
    expect(answerMessage("details", { type: "voice", fileId: "v" }, empty)).toMatchObject({
      changes: { voiceFileId: "v" },
    });
    expect(answerMessage("details", { type: "text", text: "y".repeat(1990) }, withText)).toMatchObject({
      ok: false,
      error: "tooLong",
      max: 2000,
    });
    expect(answerMessage("details", { type: "text", text: " \n " }, empty)).toEqual({
      ok: false,
      error: "empty",
    });
    expect(answerMessage("details", { type: "other" }, empty)).toEqual({ ok: false, error: "unsupported" });
    expect(answerMessage("category", { type: "text", text: "family" }, empty)).toEqual({
      ok: false,
      error: "useButtons",
    });
  });

  it("leaves details only once something was given; place and affected are optional", () => {
    expect(REPORT_FORM.skippable("details", empty)).toBe(false);
    expect(REPORT_FORM.skippable("details", { ...empty, voiceFileId: "v" })).toBe(true);
    expect(REPORT_FORM.skippable("place", empty)).toBe(true);
    expect(REPORT_FORM.skippable("affected", empty)).toBe(true);
    expect(REPORT_FORM.skippable("category", empty)).toBe(false);
  });

  it("names the first missing answer before sending", () => {
    expect(firstMissingStep(empty)).toBe("category");
    const full: ReportFields = {
      ...empty,
      category: "family",
      urgency: "danger",
      municipalityId: 1,
      text: "x",
      mayContact: false,
    };
    expect(firstMissingStep(full)).toBeUndefined();
    expect(firstMissingStep({ ...full, text: null })).toBe("details");
    expect(firstMissingStep({ ...full, mayContact: null })).toBe("contact");
  });

  it("toggles affected groups in a stable order", () => {
    expect(toggleAffected([], "children")).toEqual(["children"]);
    expect(toggleAffected(["children"], "women")).toEqual(["women", "children"]);
    expect(toggleAffected(["women", "children"], "women")).toEqual(["children"]);
  });
});
