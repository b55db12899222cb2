import { localDate, parseTimeline, parseWholeNumber } from "./form-parsing.js";
import { type Position, SUMMARY, steppedForm } from "./stepped-form.js";
import { cleanText } from "./text.js";

/**
 * The application form of a local initiative: its steps (INITIATIVE_FORM, walked by the stepped
 * form engine), what each accepts, and the checks that turn an answer into values or into an
 * error key. Each answer is stored as soon as it is valid, with the step it leads to.
 */

export const INITIATIVE_KINDS = ["cofinancing", "completion"] as const;
export type InitiativeKind = (typeof INITIATIVE_KINDS)[number];
export type AttachmentKind = "photo" | "document" | "voice";

export interface InitiativeFields {
  municipalityId: number | null;
  placeText: string | null;
  latitude: number | null;
  longitude: number | null;
  title: string | null;
  problem: string | null;
  solution: string | null;
  /** A voice note's file id, answering the problem or the solution instead of text. */
  problemVoice: string | null;
  solutionVoice: string | null;
  kind: InitiativeKind | null;
  beneficiaries: string | null;
  beneficiaryCount: number | null;
  womenCount: number | null;
  youthCount: number | null;
  cost: number | null;
  contributionMoney: number | null;
  contributionInKind: string | null;
  timelineMonths: number | null;
  targetDate: string | null;
  groupSize: number | null;
  groupWomen: number | null;
  groupYouth: number | null;
  contactPhone: string | null;
}

/** Behind "more details": seen only by those who open it, each one skippable. */
const detail = { section: "details", skippable: true } as const;
/** The group's women and youth are asked only once its size is known. */
const inGroup = { ...detail, shownWhen: (f: InitiativeFields) => f.groupSize !== null };

/**
 * What the Model Regulation's application needs comes first (municipality, title, problem, plan,
 * kind, budget, own contribution, timeline); everything else is behind one optional "more details"
 * step, so the common path from /propose to a submitted initiative is at most 10 messages or taps.
 * The municipality, a choice made once, is not numbered.
 */
export const INITIATIVE_FORM = steppedForm<InitiativeFields>()([
  { id: "municipality", kind: "municipality", unnumbered: true },
  { id: "title", kind: "text", field: "title", min: 5, max: 120 },
  { id: "problem", kind: "text", field: "problem", voice: "problemVoice", min: 20, max: 1500 },
  { id: "solution", kind: "text", field: "solution", voice: "solutionVoice", min: 20, max: 1500 },
  { id: "kind", kind: "choice", choices: INITIATIVE_KINDS },
  { id: "cost", kind: "number", field: "cost", min: 1, max: 1_000_000_000 },
  { id: "contribution", kind: "contribution", min: 3, max: 500 },
  { id: "timeline", kind: "timeline" },
  { id: "details", kind: "details", skippable: true, opens: "details", choices: ["open"] },
  { id: "place", kind: "place", ...detail, min: 2, max: 200 },
  { id: "beneficiaries", kind: "text", field: "beneficiaries", ...detail, min: 3, max: 300 },
  { id: "beneficiaryCount", kind: "number", field: "beneficiaryCount", ...detail, min: 1, max: 10_000_000 },
  { id: "womenCount", kind: "number", field: "womenCount", ...detail, min: 0, max: 10_000_000 },
  { id: "youthCount", kind: "number", field: "youthCount", ...detail, min: 0, max: 10_000_000 },
  { id: "groupSize", kind: "number", field: "groupSize", ...detail, min: 1, max: 100_000 },
  { id: "groupWomen", kind: "number", field: "groupWomen", ...inGroup, min: 0, max: 100_000 },
  { id: "groupYouth", kind: "number", field: "groupYouth", ...inGroup, min: 0, max: 100_000 },
  { id: "contact", kind: "contact", ...detail },
  { id: "attachments", kind: "media", ...detail },
]);

type Step = (typeof INITIATIVE_FORM.steps)[number];
export type StepId = Step["id"];
export type FormPosition = Position<StepId>;
export { SUMMARY };

export const TIMELINE_MAX_MONTHS = 60;
export const ATTACHMENT_LIMITS: Record<AttachmentKind, number> = { photo: 3, document: 1, voice: 1 };

export const EMPTY_FIELDS: InitiativeFields = {
  municipalityId: null,
  placeText: null,
  latitude: null,
  longitude: null,
  title: null,
  problem: null,
  solution: null,
  problemVoice: null,
  solutionVoice: null,
  kind: null,
  beneficiaries: null,
  beneficiaryCount: null,
  womenCount: null,
  youthCount: null,
  cost: null,
  contributionMoney: null,
  contributionInKind: null,
  timelineMonths: null,
  targetDate: null,
  groupSize: null,
  groupWomen: null,
  groupYouth: null,
  contactPhone: null,
};

/** What a person sent, as far as the form cares; the bot maps Telegram messages to this. */
export type Answer =
  | { type: "text"; text: string }
  | { type: "location"; latitude: number; longitude: number }
  | { type: "contact"; phone: string; userId: number | undefined }
  | { type: "media"; kind: AttachmentKind; fileId: string; fileUniqueId: string }
  | { type: "choice"; value: string }
  | { type: "other" };

export interface StepContext {
  fields: InitiativeFields;
  attachments: readonly { kind: AttachmentKind }[];
  authorId: number;
  /** The chosen municipality's current maximum per initiative, if it set one. */
  maxBudget: number | null;
  now: number;
}

export type FormError = { error: string; params?: Record<string, number | string> };
export type StepResult =
  | { ok: true; changes: Partial<InitiativeFields> }
  | { ok: true; attachment: { kind: AttachmentKind; fileId: string; fileUniqueId: string } }
  | ({ ok: false } & FormError);

const fail = (error: string, params?: FormError["params"]): StepResult => ({
  ok: false,
  error,
  ...(params ? { params } : {}),
});

/** Where a new draft starts: the municipality is asked only when the profile does not give it. */
export function firstPosition(fields: InitiativeFields): StepId {
  return fields.municipalityId === null ? "municipality" : INITIATIVE_FORM.ids[1]!;
}

/** What Skip stores: the answer emptied; a group without a size loses its breakdown too. */
export function skipChanges(id: StepId): Partial<InitiativeFields> {
  const step = INITIATIVE_FORM.step(id);
  if (step.kind === "contact") return { contactPhone: null };
  if (step.kind === "place") return { placeText: null, latitude: null, longitude: null };
  if (!("field" in step)) return {};
  if (step.field === "groupSize") return { groupSize: null, groupWomen: null, groupYouth: null };
  return { [step.field]: null };
}

export function validateAnswer(id: StepId, answer: Answer, context: StepContext): StepResult {
  const step = INITIATIVE_FORM.step(id);
  switch (step.kind) {
    case "municipality":
    case "choice":
      return validateChoice(step, answer);
    case "place":
      if (answer.type === "location") {
        const { latitude, longitude } = answer;
        if (Math.abs(latitude) > 90 || Math.abs(longitude) > 180) return fail("placeExpected");
        return { ok: true, changes: { latitude, longitude, placeText: null } };
      }
      if (answer.type !== "text") return fail("placeExpected");
      return withText(answer.text, step, (placeText) => ({ placeText, latitude: null, longitude: null }));
    case "text": {
      // Where typing is hard a voice note answers the problem or the plan; one replaces the other.
      const voice = "voice" in step ? step.voice : undefined;
      if (voice && answer.type === "media" && answer.kind === "voice")
        return { ok: true, changes: { [voice]: answer.fileId, [step.field]: null } };
      if (answer.type !== "text") return fail(voice ? "textOrVoiceExpected" : "textExpected");
      return withText(answer.text, step, (text) => ({
        [step.field]: text,
        ...(voice ? { [voice]: null } : {}),
      }));
    }
    case "number":
      if (answer.type !== "text") return fail("numberExpected");
      return validateNumber(step, answer.text, context);
    case "contribution":
      if (answer.type !== "text") return fail("textExpected");
      return validateContribution(step, answer.text, context);
    case "timeline":
      if (answer.type !== "text") return fail("timelineExpected");
      return validateTimeline(answer.text, context.now);
    case "details":
      return answer.type === "choice" && answer.value === "open"
        ? { ok: true, changes: {} }
        : fail("useButtons");
    case "contact":
      if (answer.type !== "contact") return fail("contactExpected");
      if (answer.userId !== context.authorId) return fail("notOwnContact");
      return { ok: true, changes: { contactPhone: cleanText(answer.phone).slice(0, 32) } };
    case "media":
      if (answer.type !== "media") return fail("mediaExpected");
      return validateAttachment(answer, context.attachments);
  }
}

function validateChoice(step: Step, answer: Answer): StepResult {
  if (answer.type !== "choice") return fail("useButtons");
  if (step.kind === "municipality") {
    const id = Number(answer.value);
    return Number.isSafeInteger(id) && id > 0
      ? { ok: true, changes: { municipalityId: id } }
      : fail("useButtons");
  }
  if (step.kind === "choice" && (step.choices as readonly string[]).includes(answer.value))
    return { ok: true, changes: { kind: answer.value as InitiativeKind } };
  return fail("useButtons");
}

function withText(
  raw: string,
  limits: { min: number; max: number },
  toChanges: (text: string) => Partial<InitiativeFields>,
): StepResult {
  const text = cleanText(raw);
  if (text.length < limits.min) return fail("tooShort", { min: limits.min, length: text.length });
  if (text.length > limits.max) return fail("tooLong", { max: limits.max, length: text.length });
  return { ok: true, changes: toChanges(text) };
}

function validateNumber(
  step: Extract<Step, { kind: "number" }>,
  raw: string,
  { fields, maxBudget }: StepContext,
): StepResult {
  const value = parseWholeNumber(cleanText(raw));
  if (value === undefined) return fail("numberExpected");
  if (value < step.min) return fail("numberTooSmall", { min: step.min });
  if (value > step.max) return fail("numberTooLarge", { max: step.max });
  const over = (limit: number | null) => limit !== null && value > limit;
  const under = (floor: number | null) => floor !== null && value < floor;
  switch (step.field) {
    case "beneficiaryCount": {
      const floor = Math.max(fields.womenCount ?? 0, fields.youthCount ?? 0);
      if (value < floor) return fail("belowParts", { count: floor });
      break;
    }
    case "womenCount":
    case "youthCount":
      if (over(fields.beneficiaryCount)) return fail("overTotal", { count: fields.beneficiaryCount! });
      break;
    case "cost":
      if (over(maxBudget)) return fail("overBudget", { max: maxBudget! });
      if (under(fields.contributionMoney))
        return fail("belowContribution", { amount: fields.contributionMoney! });
      break;
    case "groupSize": {
      const floor = Math.max(fields.groupWomen ?? 0, fields.groupYouth ?? 0);
      if (value < floor) return fail("belowParts", { count: floor });
      break;
    }
    case "groupWomen":
    case "groupYouth":
      if (over(fields.groupSize)) return fail("overTotal", { count: fields.groupSize! });
      break;
  }
  return { ok: true, changes: { [step.field]: value } };
}

/** Own contribution: a sum in som ("5000 сом"), or in words what the group brings (labour, materials). */
function validateContribution(
  limits: { min: number; max: number },
  raw: string,
  { fields }: StepContext,
): StepResult {
  const money = parseWholeNumber(cleanText(raw));
  if (money === undefined)
    return withText(raw, limits, (text) => ({ contributionInKind: text, contributionMoney: null }));
  if (money > 1_000_000_000) return fail("numberTooLarge", { max: 1_000_000_000 });
  if (fields.cost !== null && money > fields.cost) return fail("overCost", { amount: fields.cost });
  return { ok: true, changes: { contributionMoney: money, contributionInKind: null } };
}

function validateTimeline(raw: string, now: number): StepResult {
  const timeline = parseTimeline(cleanText(raw));
  if (!timeline) return fail("timelineExpected");
  if ("months" in timeline) {
    if (timeline.months < 1 || timeline.months > TIMELINE_MAX_MONTHS)
      return fail("timelineMonths", { max: TIMELINE_MAX_MONTHS });
    return { ok: true, changes: { timelineMonths: timeline.months, targetDate: null } };
  }
  const today = localDate(now);
  if (timeline.date <= today) return fail("dateNotFuture");
  const latest = `${Number(today.slice(0, 4)) + TIMELINE_MAX_MONTHS / 12}${today.slice(4)}`;
  if (timeline.date > latest) return fail("dateTooFar", { max: TIMELINE_MAX_MONTHS });
  return { ok: true, changes: { targetDate: timeline.date, timelineMonths: null } };
}

function validateAttachment(
  answer: Extract<Answer, { type: "media" }>,
  attachments: readonly { kind: AttachmentKind }[],
): StepResult {
  const limit = ATTACHMENT_LIMITS[answer.kind];
  if (attachments.filter((a) => a.kind === answer.kind).length >= limit)
    return fail(`tooMany.${answer.kind}`, { max: limit });
  return {
    ok: true,
    attachment: { kind: answer.kind, fileId: answer.fileId, fileUniqueId: answer.fileUniqueId },
  };
}

/** A required step that is unanswered, or an answer no longer valid (a changed budget limit). */
export function firstProblem(context: StepContext): ({ step: StepId } & Partial<FormError>) | undefined {
  const { fields, maxBudget } = context;
  const missing = (id: StepId) => {
    switch (id) {
      case "municipality":
        return fields.municipalityId === null;
      case "contribution":
        return fields.contributionMoney === null && fields.contributionInKind === null;
      case "kind":
        return fields.kind === null;
      case "timeline":
        return fields.timelineMonths === null && fields.targetDate === null;
      default: {
        const step = INITIATIVE_FORM.step(id);
        const voiced = "voice" in step && fields[step.voice] !== null;
        return (
          !INITIATIVE_FORM.skippable(id, fields) && "field" in step && fields[step.field] === null && !voiced
        );
      }
    }
  };
  for (const id of INITIATIVE_FORM.ids) if (missing(id)) return { step: id, error: "required" };
  if (maxBudget !== null && fields.cost !== null && fields.cost > maxBudget)
    return { step: "cost", error: "overBudget", params: { max: maxBudget } };
  return undefined;
}
