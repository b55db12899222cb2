/**
 * A stepped form as a declaration of its steps, and the walk over them: which steps a person
 * sees, the next and the previous one, "Question k of n" counted over those alone. Each form
 * keeps its answers and its position on its own draft row; the engine holds no state. A step is
 * added by adding its declaration (and its texts).
 */
export const SUMMARY = "summary";
export type Summary = typeof SUMMARY;
export type Position<Id extends string> = Id | Summary;

export interface StepDeclaration<F> {
  readonly id: string;
  /** What answers it (text, number, date, choice, contact, media...): the form's validation reads it. */
  readonly kind: string;
  /** Skip (or Next) leaves it as it is; a function: only once it holds (details given). */
  readonly skippable?: boolean | ((fields: F) => boolean);
  /** Asked only when this holds for the answers given so far. */
  readonly shownWhen?: (fields: F) => boolean;
  /** Its steps are seen only from inside the section, entered by answering the step that `opens` it. */
  readonly section?: string;
  readonly opens?: string;
  /** Not counted in "Question k of n": a choice made once, such as the municipality. */
  readonly unnumbered?: boolean;
  /** The values its buttons answer with. */
  readonly choices?: readonly string[];
}

/** What the bot's side of the engine needs of a form's walk. */
export interface Walk<F, Id extends string> {
  readonly ids: readonly Id[];
  isStep(v: unknown): v is Id;
  isPosition(v: unknown): v is Position<Id>;
  step(id: Id): StepDeclaration<F>;
  skippable(id: Id, fields: F): boolean;
  next(id: Id, fields: F): Position<Id>;
  afterAnswer(id: Id, fields: F): Position<Id>;
  previous(from: Position<Id>, fields: F): Id | undefined;
  progress(id: Id, fields: F): { step: number; total: number } | undefined;
}

/** `steppedForm<Fields>()([...steps])`: the fields are named, the steps' literal types kept. */
export const steppedForm =
  <F>() =>
  <const S extends readonly StepDeclaration<F>[]>(steps: S) => {
    type Step = S[number];
    type Id = Step["id"];
    const ids: readonly Id[] = steps.map((s) => s.id);
    const byId = new Map<string, Step>(steps.map((s) => [s.id, s]));
    const isStep = (v: unknown): v is Id => typeof v === "string" && byId.has(v);
    const step = <I extends Id>(id: I) => byId.get(id) as Extract<Step, { id: I }>;

    /** Whether a person at `at` sees `id`: its condition holds, and `at` is inside its section. */
    const shown = (id: Id, fields: F, at: Id = id): boolean => {
      const { shownWhen, section } = step(id) as StepDeclaration<F>;
      return (shownWhen?.(fields) ?? true) && (section === undefined || step(at).section === section);
    };

    /** The step after `id` this person sees, else the summary. */
    const next = (id: Id, fields: F): Position<Id> =>
      ids.slice(ids.indexOf(id) + 1).find((s) => shown(s, fields, id)) ?? SUMMARY;

    return {
      steps,
      ids,
      isStep,
      isPosition: (v: unknown): v is Position<Id> => v === SUMMARY || isStep(v),
      step,
      shown,
      next,
      skippable(id: Id, fields: F): boolean {
        const { skippable } = step(id) as StepDeclaration<F>;
        return typeof skippable === "function" ? skippable(fields) : skippable === true;
      },
      /** Where a valid answer to `id` leads: into the section it opens, else the next step. */
      afterAnswer(id: Id, fields: F): Position<Id> {
        const opens = (step(id) as StepDeclaration<F>).opens;
        return ids.find((s) => opens !== undefined && step(s).section === opens) ?? next(id, fields);
      },
      /** The step before `from` this person sees; from the summary, the last one they saw. */
      previous(from: Position<Id>, fields: F): Id | undefined {
        if (from === SUMMARY) return ids.findLast((s) => shown(s, fields));
        return ids.slice(0, ids.indexOf(from)).findLast((s) => shown(s, fields, from));
      },
      /** "Question k of n" over the numbered steps seen from `id`; nothing for an unnumbered one. */
      progress(id: Id, fields: F): { step: number; total: number } | undefined {
        if (step(id).unnumbered) return undefined;
        const seen = ids.filter((s) => !step(s).unnumbered && shown(s, fields, id));
        return { step: seen.indexOf(id) + 1, total: seen.length };
      },
    } satisfies Walk<F, Id> & Record<string, unknown>;
  };
