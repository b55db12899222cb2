import { parseBishkekDateTime } from "./bishkek-time.js";
import { parseWholeNumber } from "./form-parsing.js";
import { steppedForm } from "./stepped-form.js";
import { cleanText } from "./text.js";
import { MAX_VOTES_PER_VOTER } from "./voting.js";

/** What the questions of a new round set on its draft. */
export interface RoundDraftValues {
  title: string | null;
  submissionDeadline: number | null;
  opensAt: number | null;
  closesAt: number | null;
  votesPerVoter: number;
  totalBudget: number | null;
  maxPerInitiative: number | null;
  requirePhone: boolean;
}

type RoundError = "title" | "date" | "closesBeforeOpens" | "closesPast" | "number" | "votes";

/**
 * The questions of a new round, asked in this order; then the initiatives (the form's summary).
 * Skipping `votes` keeps the default.
 */
export const ROUND_FORM = steppedForm<RoundDraftValues>()([
  { id: "title", kind: "text", field: "title", min: 3, max: 120 },
  { id: "deadline", kind: "date", field: "submissionDeadline", skippable: true },
  { id: "opens", kind: "date", field: "opensAt" },
  { id: "closes", kind: "date", field: "closesAt", afterOpening: true },
  {
    id: "votes",
    kind: "number",
    field: "votesPerVoter",
    skippable: true,
    max: MAX_VOTES_PER_VOTER,
    error: "votes",
  },
  { id: "budget", kind: "number", field: "totalBudget", skippable: true },
  { id: "maxPer", kind: "number", field: "maxPerInitiative", skippable: true },
  { id: "phone", kind: "choice", choices: ["1", "0"] },
]);

export type RoundStep = (typeof ROUND_FORM.ids)[number];
/** The steps answered by a typed message. */
export type RoundTextStep = Exclude<RoundStep, "phone">;
export const isRoundTextStep = (v: unknown): v is RoundTextStep => ROUND_FORM.isStep(v) && v !== "phone";

export type RoundAnswer = { ok: true; changes: Partial<RoundDraftValues> } | { ok: false; error: RoundError };

/** Checks one typed answer of the new-round questions, by what its step declares. */
export function validateRoundAnswer(
  step: RoundTextStep,
  input: string,
  draft: Pick<RoundDraftValues, "opensAt" | "closesAt">,
  now: number,
): RoundAnswer {
  const declared = ROUND_FORM.step(step);
  const text = cleanText(input);
  const fail = (error: RoundError) => ({ ok: false, error }) as const;
  const ok = (value: string | number) => ({ ok: true, changes: { [declared.field]: value } }) as const;
  if (declared.kind === "text")
    return text.length >= declared.min && text.length <= declared.max ? ok(text) : fail("title");
  if (declared.kind === "date") {
    const at = parseBishkekDateTime(text);
    if (at === undefined) return fail("date");
    if (!("afterOpening" in declared)) return ok(at);
    if (at <= now) return fail("closesPast");
    return draft.opensAt !== null && at <= draft.opensAt ? fail("closesBeforeOpens") : ok(at);
  }
  const n = parseWholeNumber(text);
  if (n === undefined) return fail("number");
  if ("max" in declared) return n >= 1 && n <= declared.max ? ok(n) : fail(declared.error);
  return n > 0 ? ok(n) : fail("number");
}
