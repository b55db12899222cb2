/**
 * What a person's next private message can be for. One wait per person at most (the `awaiting`
 * table): a form's step, or a text a button asked for.
 */
export const AWAITING_KINDS = [
  /** The author's initiative form; the step lives on the draft. */
  "initiative.form",
  /** A moderator's text for a decision (`step`: requestChanges | reject; `detail`: the version). */
  "moderation.decision",
  /** The reporter's report form; the step lives on report_flows. */
  "report.form",
  /** An officer's comment on a report. */
  "report.comment",
  /** An officer's question to the reporter. */
  "report.question",
  /** The reporter's answer (`detail`: the question's event). */
  "report.answer",
  /** A staff member's round draft field (`step`: the field). */
  "round.draft",
  /** A staff member's round panel answer (`step`: paper votes, amount...; `detail`: the initiative). */
  "round.panel",
] as const;

export type AwaitingKind = (typeof AWAITING_KINDS)[number];
