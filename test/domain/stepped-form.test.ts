import { describe, expect, it } from "vitest";
import { SUMMARY, steppedForm } from "../../src/domain/stepped-form.js";

interface Fields {
  name: string | null;
  count: number | null;
}

/** A small form with every kind of declaration the three forms use. */
const FORM = steppedForm<Fields>()([
  { id: "place", kind: "choice", choices: ["a", "b"], unnumbered: true },
  { id: "name", kind: "text" },
  { id: "count", kind: "number", skippable: true },
  { id: "split", kind: "number", shownWhen: (f) => f.count !== null },
  { id: "more", kind: "choice", choices: ["open"], opens: "extra", skippable: true },
  { id: "note", kind: "text", section: "extra", skippable: (f) => f.name !== null },
  { id: "never", kind: "text", section: "extra", shownWhen: () => false },
  { id: "last", kind: "media", section: "extra", skippable: true },
]);

const empty: Fields = { name: null, count: null };
const counted: Fields = { name: "Ak-Jar", count: 12 };

describe("the stepped form's walk", () => {
  it("goes forward and back over the steps this person sees, past hidden ones", () => {
    expect(FORM.next("count", empty)).toBe("more");
    expect(FORM.next("count", counted)).toBe("split");
    expect(FORM.previous("more", empty)).toBe("count");
    expect(FORM.previous("more", counted)).toBe("split");
    expect(FORM.next("note", counted)).toBe("last");
    expect(FORM.previous("last", counted)).toBe("note");
    expect(FORM.previous("place", counted)).toBeUndefined();
    expect(FORM.next("last", counted)).toBe(SUMMARY);
  });

  it("shows a section's steps only from inside it, entered by answering the step that opens it", () => {
    expect(FORM.next("more", counted)).toBe(SUMMARY);
    expect(FORM.afterAnswer("more", counted)).toBe("note");
    expect(FORM.afterAnswer("name", counted)).toBe("count");
    expect(FORM.afterAnswer("count", empty)).toBe("more");
    expect(FORM.previous("note", counted)).toBe("more");
    expect(FORM.shown("note", counted, "count")).toBe(false);
    expect(FORM.shown("note", counted, "last")).toBe(true);
  });

  it("numbers only the numbered steps seen from where the person is", () => {
    expect(FORM.progress("place", counted)).toBeUndefined();
    expect(FORM.progress("name", empty)).toEqual({ step: 1, total: 3 });
    expect(FORM.progress("more", counted)).toEqual({ step: 4, total: 4 });
    expect(FORM.progress("note", empty)).toEqual({ step: 4, total: 5 });
    expect(FORM.progress("last", counted)).toEqual({ step: 6, total: 6 });
  });

  it("lets a step be skipped as declared, a function deciding by the answers given", () => {
    expect(FORM.skippable("name", counted)).toBe(false);
    expect(FORM.skippable("count", empty)).toBe(true);
    expect(FORM.skippable("note", empty)).toBe(false);
    expect(FORM.skippable("note", counted)).toBe(true);
  });

  it("knows its steps and the summary, and nothing else", () => {
    expect(FORM.ids).toEqual(["place", "name", "count", "split", "more", "note", "never", "last"]);
    expect(FORM.isStep("note")).toBe(true);
    expect(FORM.isStep(SUMMARY)).toBe(false);
    expect(FORM.isPosition(SUMMARY)).toBe(true);
    for (const stranger of ["nope", null, undefined, 3]) expect(FORM.isPosition(stranger)).toBe(false);
    expect(FORM.step("count").kind).toBe("number");
  });
});
