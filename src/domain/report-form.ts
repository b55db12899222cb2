import { type Position, steppedForm } from "./stepped-form.js";
import { cleanText } from "./text.js";

/**
 * The steps of a conflict report and the rules for each answer. Pure: the bot shows the step a
 * draft is on and hands every answer here, so the same rules would serve another channel.
 */
export const REPORT_CATEGORIES = ["family", "youth", "resources", "lsg", "other"] as const;
export type ReportCategory = (typeof REPORT_CATEGORIES)[number];

/** `danger`: someone is in danger now; `recent`: happened in the last days; `tension`: may grow. */
export const URGENCIES = ["danger", "recent", "tension"] as const;
export type Urgency = (typeof URGENCIES)[number];

export const AFFECTED_GROUPS = ["women", "youth", "children"] as const;
export type AffectedGroup = (typeof AFFECTED_GROUPS)[number];

export const DETAILS_MAX = 2000;
export const PLACE_MAX = 200;
/**
 * A typed description at least this long is taken as complete and moves the form on, without a
 * "Received, press Next" message; a shorter one, a voice note or a photo waits for more or Next.
 */
export const DETAILS_COMPLETE = 30;

export const isCategory = (v: string): v is ReportCategory =>
  (REPORT_CATEGORIES as readonly string[]).includes(v);

export const isUrgent = (urgency: Urgency | null | undefined) => urgency === "danger";

export interface ReportFields {
  category: ReportCategory | null;
  urgency: Urgency | null;
  municipalityId: number | null;
  placeText: string | null;
  latitude: number | null;
  longitude: number | null;
  text: string | null;
  voiceFileId: string | null;
  photoFileId: string | null;
  affected: AffectedGroup[];
  anonymous: boolean;
  /** The stored pin is the exact point; otherwise it was rounded before it was stored. */
  exactLocation: boolean;
  /** Null until the reporter answered whether officers may write back through the bot. */
  mayContact: boolean | null;
}

export const hasDetails = (f: Pick<ReportFields, "text" | "voiceFileId" | "photoFileId">) =>
  Boolean(f.text || f.voiceFileId || f.photoFileId);

/** An anonymous reporter's pin is kept to 2 decimals, about 1 km: a pin can show one's home. */
export const APPROXIMATE_DECIMALS = 2;

export const roundCoordinate = (value: number) =>
  Math.round(value * 10 ** APPROXIMATE_DECIMALS) / 10 ** APPROXIMATE_DECIMALS;

export const isCoordinatePair = (latitude: number, longitude: number) =>
  Number.isFinite(latitude) &&
  Number.isFinite(longitude) &&
  Math.abs(latitude) <= 90 &&
  Math.abs(longitude) <= 180;

/**
 * A pin as it is stored: exact when the reporter is named or chose to share the exact point,
 * otherwise rounded, so that the database holds no more than the officers see.
 */
export function pinChanges(latitude: number, longitude: number, exact: boolean): Partial<ReportFields> {
  return exact
    ? { latitude, longitude, exactLocation: true }
    : { latitude: roundCoordinate(latitude), longitude: roundCoordinate(longitude), exactLocation: false };
}

/** The answer to "anonymous?": becoming anonymous rounds an exact pin given while named. */
export function anonymityChanges(fields: ReportFields, anonymous: boolean): Partial<ReportFields> {
  const pin =
    anonymous && fields.exactLocation && fields.latitude !== null && fields.longitude !== null
      ? pinChanges(fields.latitude, fields.longitude, false)
      : {};
  return { anonymous, ...pin };
}

/**
 * Anonymity is asked before the place and the details: what an anonymous reporter is invited to
 * send there (text rather than a voice, a place rather than a map pin) depends on the answer.
 * The place and the details take messages, the rest buttons; details are left with Next only
 * once something was given.
 */
export const REPORT_FORM = steppedForm<ReportFields>()([
  { id: "category", kind: "choice", choices: REPORT_CATEGORIES },
  { id: "urgency", kind: "choice", choices: URGENCIES },
  { id: "municipality", kind: "municipality" },
  { id: "anonymous", kind: "choice", choices: ["y", "n"] },
  { id: "place", kind: "place", skippable: true },
  { id: "details", kind: "details", skippable: hasDetails },
  { id: "affected", kind: "toggle", choices: AFFECTED_GROUPS, skippable: true },
  { id: "contact", kind: "choice", choices: ["y", "n"] },
]);
export type ReportStep = (typeof REPORT_FORM.ids)[number];
export type ReportPosition = Position<ReportStep>;

/** The first step still lacking a required answer; the summary refuses to send before it is given. */
export function firstMissingStep(f: ReportFields): ReportStep | undefined {
  if (!f.category) return "category";
  if (!f.urgency) return "urgency";
  if (f.municipalityId === null) return "municipality";
  if (!hasDetails(f)) return "details";
  if (f.mayContact === null) return "contact";
  return undefined;
}

/** What a message says to the form; anything else (a sticker, a video) is `other`. */
export type ReportAnswer =
  | { type: "text"; text: string }
  | { type: "location"; latitude: number; longitude: number }
  | { type: "voice"; fileId: string }
  | { type: "photo"; fileId: string; caption?: string }
  | { type: "other" };

export type ReportFormError =
  | { error: "useButtons" }
  | { error: "unsupported" }
  | { error: "empty" }
  | { error: "tooLong"; max: number; length: number };

export type AnswerResult =
  | { ok: true; changes: Partial<ReportFields>; stay: boolean }
  | ({ ok: false } & ReportFormError);

/**
 * A typed answer to `step`. A pin on the place step stays there when the report is anonymous
 * (`stay`), since the reporter may then choose to share the exact point. Details may be gathered over
 * several messages (text is appended, a new voice note or photo replaces the earlier one): the step
 * stays until Next, except after a typed text long enough to stand alone (DETAILS_COMPLETE).
 */
export function answerMessage(step: ReportStep, answer: ReportAnswer, fields: ReportFields): AnswerResult {
  const { kind } = REPORT_FORM.step(step);
  if (kind !== "place" && kind !== "details") return { ok: false, error: "useButtons" };
  if (kind === "place") {
    // An anonymous reporter's pin stays on the step: they are offered the exact point instead.
    if (answer.type === "location") {
      if (!isCoordinatePair(answer.latitude, answer.longitude)) return { ok: false, error: "unsupported" };
      const exact = !fields.anonymous;
      return { ok: true, stay: !exact, changes: pinChanges(answer.latitude, answer.longitude, exact) };
    }
    if (answer.type !== "text") return { ok: false, error: "unsupported" };
    const place = cleanText(answer.text);
    if (!place) return { ok: false, error: "empty" };
    if (place.length > PLACE_MAX)
      return { ok: false, error: "tooLong", max: PLACE_MAX, length: place.length };
    return { ok: true, stay: false, changes: { placeText: place } };
  }
  if (answer.type === "voice") return { ok: true, stay: true, changes: { voiceFileId: answer.fileId } };
  const typed =
    answer.type === "text" ? answer.text : answer.type === "photo" ? (answer.caption ?? "") : undefined;
  if (typed === undefined) return { ok: false, error: "unsupported" };
  const added = cleanText(typed);
  const photo = answer.type === "photo" ? { photoFileId: answer.fileId } : {};
  if (!added)
    return answer.type === "photo" ? { ok: true, stay: true, changes: photo } : { ok: false, error: "empty" };
  const text = fields.text ? `${fields.text}\n\n${added}` : added;
  if (text.length > DETAILS_MAX)
    return { ok: false, error: "tooLong", max: DETAILS_MAX, length: text.length };
  const complete = answer.type === "text" && text.length >= DETAILS_COMPLETE;
  return { ok: true, stay: !complete, changes: { ...photo, text } };
}

export function toggleAffected(current: readonly AffectedGroup[], group: AffectedGroup): AffectedGroup[] {
  const next = current.includes(group) ? current.filter((g) => g !== group) : [...current, group];
  return AFFECTED_GROUPS.filter((g) => next.includes(g));
}
