import { describe, expect, it } from "vitest";
import { parseDate, parseTimeline, parseWholeNumber } from "../../src/domain/form-parsing.js";
import {
  type Answer,
  EMPTY_FIELDS,
  firstPosition,
  firstProblem,
  INITIATIVE_FORM,
  type InitiativeFields,
  type StepContext,
  type StepId,
  SUMMARY,
  skipChanges,
  validateAnswer,
} from "../../src/domain/initiative-form.js";

const NOW = Date.parse("2026-11-29T10:00:00Z");
const AUTHOR = 42;

const complete: InitiativeFields = {
  ...EMPTY_FIELDS,
  municipalityId: 1,
  placeText: "Ak-Jar",
  title: "Street lights",
  problem: "x".repeat(20),
  solution: "y".repeat(20),
  kind: "cofinancing",
  beneficiaries: "families",
  beneficiaryCount: 300,
  cost: 40_000,
  contributionMoney: 5000,
  timelineMonths: 3,
};

function context(fields: Partial<InitiativeFields> = {}, extra: Partial<StepContext> = {}): StepContext {
  return {
    fields: { ...complete, ...fields },
    attachments: [],
    authorId: AUTHOR,
    maxBudget: null,
    now: NOW,
    ...extra,
  };
}

const say = (text: string): Answer => ({ type: "text", text });
const errorOf = (step: StepId, answer: Answer, ctx = context()) => {
  const result = validateAnswer(step, answer, ctx);
  return result.ok ? "ok" : result.error;
};

describe("numbers and dates as people type them", () => {
  it("reads whole numbers with spaces, separators and a currency", () => {
    expect(parseWholeNumber("25000")).toBe(25_000);
    expect(parseWholeNumber(" 25 000 ")).toBe(25_000);
    expect(parseWholeNumber("25\u00a0000")).toBe(25_000);
    expect(parseWholeNumber("1.250.000 сом")).toBe(1_250_000);
    expect(parseWholeNumber("45,000 som")).toBe(45_000);
    expect(parseWholeNumber("6 ай")).toBe(6);
    expect(parseWholeNumber("3 месяца")).toBe(3);
    for (const bad of ["", "many", "-5", "2.5", "12,5", "1 2", "0x10", "1e5", "9".repeat(13)])
      expect(parseWholeNumber(bad), bad).toBeUndefined();
  });

  it("reads real calendar dates in the local and ISO formats", () => {
    expect(parseDate("31.08.2027")).toBe("2027-08-31");
    expect(parseDate("1/9/2027")).toBe("2027-09-01");
    expect(parseDate("2027-08-31")).toBe("2027-08-31");
    expect(parseDate("31.02.2027")).toBeUndefined();
    expect(parseDate("tomorrow")).toBeUndefined();
    expect(parseTimeline("3")).toEqual({ months: 3 });
    expect(parseTimeline("31.08.2027")).toEqual({ date: "2027-08-31" });
    expect(parseTimeline("soon")).toBeUndefined();
  });
});

describe("validating answers", () => {
  it("accepts good answers, cleaning the text", () => {
    expect(validateAnswer("title", say("  Street\u0000 lights\u202e  "), context())).toEqual({
      ok: true,
      changes: { title: "Street lights" },
    });
    expect(validateAnswer("cost", say("45 000"), context())).toEqual({ ok: true, changes: { cost: 45_000 } });
    expect(validateAnswer("timeline", say("31.08.2027"), context())).toEqual({
      ok: true,
      changes: { targetDate: "2027-08-31", timelineMonths: null },
    });
    expect(validateAnswer("place", { type: "location", latitude: 42.5, longitude: 74.6 }, context())).toEqual(
      {
        ok: true,
        changes: { latitude: 42.5, longitude: 74.6, placeText: null },
      },
    );
    expect(validateAnswer("kind", { type: "choice", value: "completion" }, context())).toEqual({
      ok: true,
      changes: { kind: "completion" },
    });
  });

  it("explains each kind of wrong answer with its own error", () => {
    const sticker: Answer = { type: "other" };
    expect(errorOf("title", sticker)).toBe("textExpected");
    expect(errorOf("title", say("abc"))).toBe("tooShort");
    expect(errorOf("title", say("x".repeat(121)))).toBe("tooLong");
    expect(errorOf("problem", say("x".repeat(1501)))).toBe("tooLong");
    expect(errorOf("place", sticker)).toBe("placeExpected");
    expect(errorOf("place", { type: "location", latitude: 91, longitude: 0 })).toBe("placeExpected");
    expect(errorOf("kind", say("cofinancing"))).toBe("useButtons");
    expect(errorOf("kind", { type: "choice", value: "grant" })).toBe("useButtons");
    expect(errorOf("municipality", { type: "choice", value: "x" })).toBe("useButtons");
    expect(errorOf("beneficiaryCount", say("many"))).toBe("numberExpected");
    expect(errorOf("beneficiaryCount", sticker)).toBe("numberExpected");
    expect(errorOf("beneficiaryCount", say("0"))).toBe("numberTooSmall");
    expect(errorOf("cost", say("2000000000"))).toBe("numberTooLarge");
    expect(errorOf("womenCount", say("301"))).toBe("overTotal");
    expect(errorOf("beneficiaryCount", say("10"), context({ youthCount: 20 }))).toBe("belowParts");
    expect(errorOf("cost", say("50000"), context({}, { maxBudget: 47_000 }))).toBe("overBudget");
    expect(errorOf("cost", say("1000"), context({ contributionMoney: 5000 }))).toBe("belowContribution");
    expect(errorOf("contribution", say("50000"))).toBe("overCost");
    expect(errorOf("contribution", say("no"))).toBe("tooShort");
    expect(errorOf("contribution", sticker)).toBe("textExpected");
    expect(errorOf("details", say("yes"))).toBe("useButtons");
    expect(errorOf("groupWomen", say("13"), context({ groupSize: 12 }))).toBe("overTotal");
    expect(errorOf("groupSize", say("3"), context({ groupWomen: 4 }))).toBe("belowParts");
    expect(errorOf("timeline", say("soon"))).toBe("timelineExpected");
    expect(errorOf("timeline", say("0"))).toBe("timelineMonths");
    expect(errorOf("timeline", say("61"))).toBe("timelineMonths");
    expect(errorOf("timeline", say("29.11.2026"))).toBe("dateNotFuture");
    expect(errorOf("timeline", say("01.01.2040"))).toBe("dateTooFar");
    expect(errorOf("contact", say("+996700000000"))).toBe("contactExpected");
    expect(errorOf("contact", { type: "contact", phone: "+996", userId: 7 })).toBe("notOwnContact");
    expect(errorOf("contact", { type: "contact", phone: "+996", userId: undefined })).toBe("notOwnContact");
    expect(errorOf("attachments", say("here"))).toBe("mediaExpected");
  });

  it("takes up to three photos, one document and one voice message", () => {
    const media = (kind: "photo" | "document" | "voice"): Answer => ({
      type: "media",
      kind,
      fileId: "f",
      fileUniqueId: "u",
    });
    const photos = [{ kind: "photo" as const }, { kind: "photo" as const }];
    expect(errorOf("attachments", media("photo"), context({}, { attachments: photos }))).toBe("ok");
    const three = [
      ...photos,
      { kind: "photo" as const },
      { kind: "document" as const },
      { kind: "voice" as const },
    ];
    expect(errorOf("attachments", media("photo"), context({}, { attachments: three }))).toBe("tooMany.photo");
    expect(errorOf("attachments", media("document"), context({}, { attachments: three }))).toBe(
      "tooMany.document",
    );
    expect(errorOf("attachments", media("voice"), context({}, { attachments: three }))).toBe("tooMany.voice");
  });
});

describe("moving through the form", () => {
  it("asks about the group's women and youth only once its size is known", () => {
    const { next, previous } = INITIATIVE_FORM;
    expect(next("groupSize", { ...complete, groupSize: null })).toBe("contact");
    expect(next("groupSize", { ...complete, groupSize: 12 })).toBe("groupWomen");
    expect(previous("contact", { ...complete, groupSize: null })).toBe("groupSize");
    expect(previous("contact", { ...complete, groupSize: 12 })).toBe("groupYouth");
    expect(previous("municipality", complete)).toBeUndefined();
    expect(next("attachments", complete)).toBe(SUMMARY);
  });

  it("skips only optional steps, and a group without a size loses its breakdown", () => {
    const skippable = (id: StepId) => INITIATIVE_FORM.skippable(id, complete);
    expect(skippable("title")).toBe(false);
    expect(skippable("contribution")).toBe(false);
    for (const id of ["details", "place", "womenCount", "contact", "attachments"] as const)
      expect(skippable(id), id).toBe(true);
    expect(skipChanges("womenCount")).toEqual({ womenCount: null });
    expect(skipChanges("groupSize")).toEqual({ groupSize: null, groupWomen: null, groupYouth: null });
    expect(skipChanges("contact")).toEqual({ contactPhone: null });
    expect(skipChanges("attachments")).toEqual({});
    expect(skipChanges("details")).toEqual({});
    expect(skipChanges("place")).toEqual({ placeText: null, latitude: null, longitude: null });
  });

  it("takes a voice note as the problem or the plan, and text replaces it", () => {
    const note: Answer = { type: "media", kind: "voice", fileId: "v", fileUniqueId: "u" };
    expect(validateAnswer("problem", note, context())).toEqual({
      ok: true,
      changes: { problemVoice: "v", problem: null },
    });
    expect(validateAnswer("solution", say("y".repeat(20)), context())).toEqual({
      ok: true,
      changes: { solution: "y".repeat(20), solutionVoice: null },
    });
    expect(errorOf("title", note)).toBe("textExpected");
    expect(errorOf("problem", { type: "media", kind: "photo", fileId: "p", fileUniqueId: "q" })).toBe(
      "textOrVoiceExpected",
    );
    expect(firstProblem(context({ problem: null, problemVoice: "v" }))).toBeUndefined();
    expect(firstProblem(context({ solution: null }))?.step).toBe("solution");
  });

  it("takes the own contribution as a sum or in words, one replacing the other", () => {
    expect(validateAnswer("contribution", say("5 000 сом"), context())).toEqual({
      ok: true,
      changes: { contributionMoney: 5000, contributionInKind: null },
    });
    expect(validateAnswer("contribution", say("  labour and 20 bags of cement "), context())).toEqual({
      ok: true,
      changes: { contributionInKind: "labour and 20 bags of cement", contributionMoney: null },
    });
  });

  it("starts at the title when the profile gives the municipality, and numbers only what is seen", () => {
    expect(firstPosition(complete)).toBe("title");
    expect(firstPosition({ ...complete, municipalityId: null })).toBe("municipality");
    const { progress, next, previous, afterAnswer } = INITIATIVE_FORM;
    expect(progress("municipality", complete)).toBeUndefined();
    expect(progress("title", complete)).toEqual({ step: 1, total: 8 });
    expect(progress("details", complete)).toEqual({ step: 8, total: 8 });
    expect(progress("place", { ...complete, groupSize: null })).toEqual({ step: 9, total: 16 });
    expect(progress("contact", { ...complete, groupSize: null })).toEqual({ step: 15, total: 16 });
    expect(progress("contact", { ...complete, groupSize: 12 })).toEqual({ step: 17, total: 18 });
    // "More details" opens them; skipping it goes to the summary.
    expect(afterAnswer("details", complete)).toBe("place");
    expect(next("details", complete)).toBe(SUMMARY);
    expect(previous("place", complete)).toBe("details");
  });

  it("finds what still blocks a submission", () => {
    expect(firstProblem(context())).toBeUndefined();
    expect(firstProblem(context({ title: null }))).toEqual({ step: "title", error: "required" });
    // The place is a detail now; the own contribution is required, as money or in kind.
    expect(firstProblem(context({ placeText: null }))).toBeUndefined();
    expect(firstProblem(context({ contributionMoney: null, contributionInKind: null }))?.step).toBe(
      "contribution",
    );
    expect(firstProblem(context({ contributionMoney: null, contributionInKind: "labour" }))).toBeUndefined();
    expect(firstProblem(context({ timelineMonths: null, targetDate: "2027-01-01" }))).toBeUndefined();
    expect(firstProblem(context({}, { maxBudget: 10_000 }))).toEqual({
      step: "cost",
      error: "overBudget",
      params: { max: 10_000 },
    });
    expect(INITIATIVE_FORM.ids).toHaveLength(19);
  });
});
