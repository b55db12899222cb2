import { parseBishkekDateTime } from "./bishkek-time.js";
import { parseWholeNumber } from "./form-parsing.js";
import { cleanText } from "./text.js";
import { MAX_VOTES_PER_VOTER } from "./voting.js";

/** The questions of a new round, asked in this order; then the initiatives and the summary. */
export const ROUND_TEXT_STEPS = [
  "title",
  "deadline",
  "opens",
  "closes",
  "votes",
  "budget",
  "maxPer",
] as const;
export type RoundTextStep = (typeof ROUND_TEXT_STEPS)[number];
export const isRoundTextStep = (v: string): v is RoundTextStep =>
  (ROUND_TEXT_STEPS as readonly string[]).includes(v);
/** Steps with a Skip button; skipping `votes` keeps the default. */
export const SKIPPABLE: readonly RoundTextStep[] = ["deadline", "votes", "budget", "maxPer"];

export interface RoundDraftValues {
  opensAt: number | null;
  closesAt: number | null;
}

export type RoundAnswer =
  | { ok: true; changes: Record<string, number | string> }
  | { ok: false; error: "title" | "date" | "closesBeforeOpens" | "closesPast" | "number" | "votes" };

const TITLE_MAX = 120;

/** Checks one typed answer of the new-round questions. */
export function validateRoundAnswer(
  step: RoundTextStep,
  input: string,
  draft: RoundDraftValues,
  now: number,
): RoundAnswer {
  const text = cleanText(input);
  if (step === "title") {
    return text.length >= 3 && text.length <= TITLE_MAX
      ? { ok: true, changes: { title: text } }
      : { ok: false, error: "title" };
  }
  if (step === "deadline" || step === "opens" || step === "closes") {
    const at = parseBishkekDateTime(text);
    if (at === undefined) return { ok: false, error: "date" };
    if (step === "deadline") return { ok: true, changes: { submissionDeadline: at } };
    if (step === "opens") return { ok: true, changes: { opensAt: at } };
    if (at <= now) return { ok: false, error: "closesPast" };
    if (draft.opensAt !== null && at <= draft.opensAt) return { ok: false, error: "closesBeforeOpens" };
    return { ok: true, changes: { closesAt: at } };
  }
  const n = parseWholeNumber(text);
  if (n === undefined) return { ok: false, error: "number" };
  if (step === "votes")
    return n >= 1 && n <= MAX_VOTES_PER_VOTER
      ? { ok: true, changes: { votesPerVoter: n } }
      : { ok: false, error: "votes" };
  if (n <= 0) return { ok: false, error: "number" };
  return { ok: true, changes: step === "budget" ? { totalBudget: n } : { maxPerInitiative: n } };
}

/** The step after `step`; after the last question come the phone check and the initiatives. */
export function nextRoundStep(step: RoundTextStep): RoundTextStep | "phone" {
  const index = ROUND_TEXT_STEPS.indexOf(step);
  return ROUND_TEXT_STEPS[index + 1] ?? "phone";
}
