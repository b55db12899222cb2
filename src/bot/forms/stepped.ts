import { InlineKeyboard } from "grammy";
import { type Position, SUMMARY, type Walk } from "../../domain/stepped-form.js";
import type { CallbackAction, Field } from "../callback-data.js";
import type { BotContext } from "../context.js";

/**
 * The bot's side of a stepped form (domain/stepped-form.ts): a step's screen (a lead, "Question
 * k of n", the question, the step's own buttons, then the navigation) and the moves Skip, Back
 * and a valid answer make. A form gives its walk, its buttons and texts, how it stores a move,
 * and, per step, whatever differs from the plain question.
 */
export type Button = readonly [label: string, data: string];

export interface Nav {
  /** One row that leaves the step forward (Skip, Next, Done). */
  forward: Button[];
  back?: Button;
  cancel: Button;
}

/** What a step shows besides the plain question: its own text, its buttons, a changed navigation. */
export interface StepScreen {
  prompt?: string;
  choices?: InlineKeyboard;
  nav?: Nav;
}

type StepAction = CallbackAction<{ id: Field<number>; step: Field<string> }>;

export interface FormSpec<S, F, Id extends string> {
  walk: Walk<F, Id>;
  idOf(subject: S): number;
  fieldsOf(subject: S): F;
  /** Text keys: the questions (`<steps>.<step>`), "Question k of n" if numbered, the navigation. */
  texts: { steps: string; progress?: string; skip: string; back?: string; cancel: string };
  buttons: { skip: StepAction; back?: StepAction; cancel: CallbackAction<{ id: Field<number> }> };
  screen?(ctx: BotContext, subject: S, step: Id, nav: Nav): StepScreen | Promise<StepScreen>;
  send(ctx: BotContext, text: string, keyboard: InlineKeyboard, step: Id): Promise<unknown>;
  summary(ctx: BotContext, subject: S, lead?: string): Promise<unknown>;
  /** Stores the changes and the position; undefined (after saying so) when the subject can no longer change. */
  store(ctx: BotContext, subject: S, changes: Partial<F>, position: Position<Id>): Promise<S | undefined>;
  /** Where Skip, Back or an answer lead instead (an author changing one answer returns to the summary). */
  redirect?(subject: S, position: Position<Id>): Position<Id>;
  /** What Skip stores (a skipped answer emptied). */
  skipChanges?(step: Id): Partial<F>;
}

/** Starts a new row unless the last one is still empty. */
export function newRow(keyboard: InlineKeyboard): InlineKeyboard {
  return keyboard.inline_keyboard.at(-1)?.length === 0 ? keyboard : keyboard.row();
}

/** Buttons, `columns` to a row. */
export function buttonRows(buttons: readonly Button[], columns = 1): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  buttons.forEach(([label, data], i) => {
    if (i > 0 && i % columns === 0) keyboard.row();
    keyboard.text(label, data);
  });
  return keyboard;
}

/** The forward row alone («Өткөрүп жиберүү» does not fit a third of a phone's row), then Back and Cancel. */
export function withNav(keyboard: InlineKeyboard, nav: Nav): InlineKeyboard {
  if (nav.forward.length > 0) newRow(keyboard);
  for (const button of nav.forward) keyboard.text(...button);
  newRow(keyboard);
  if (nav.back) keyboard.text(...nav.back);
  return keyboard.text(...nav.cancel);
}

export function steppedScreens<S, F, Id extends string>(spec: FormSpec<S, F, Id>) {
  const { walk, texts, buttons } = spec;
  const redirect = (subject: S, position: Position<Id>) => spec.redirect?.(subject, position) ?? position;

  /** Back is offered where it leads somewhere. */
  function nav(ctx: BotContext, subject: S, step: Id): Nav {
    const id = spec.idOf(subject);
    const fields = spec.fieldsOf(subject);
    const goesBack = walk.previous(step, fields) !== undefined || redirect(subject, step) !== step;
    return {
      forward: walk.skippable(step, fields) ? [[ctx.t(texts.skip), buttons.skip.pack({ id, step })]] : [],
      back:
        buttons.back && texts.back && goesBack
          ? [ctx.t(texts.back), buttons.back.pack({ id, step })]
          : undefined,
      cancel: [ctx.t(texts.cancel), buttons.cancel.pack({ id })],
    };
  }

  async function show(ctx: BotContext, subject: S, position: Position<Id>, lead?: string) {
    if (position === SUMMARY) return spec.summary(ctx, subject, lead);
    const plain = nav(ctx, subject, position);
    const screen = (await spec.screen?.(ctx, subject, position, plain)) ?? {};
    const numbered = texts.progress ? walk.progress(position, spec.fieldsOf(subject)) : undefined;
    const text = [
      lead,
      numbered && texts.progress ? ctx.t(texts.progress, numbered) : undefined,
      screen.prompt ?? ctx.t(`${texts.steps}.${position}`),
    ]
      .filter(Boolean)
      .join("\n\n");
    return spec.send(
      ctx,
      text,
      withNav(screen.choices ?? new InlineKeyboard(), screen.nav ?? plain),
      position,
    );
  }

  /** Stores the changes with the new position and shows it. */
  async function advance(
    ctx: BotContext,
    subject: S,
    changes: Partial<F>,
    position: Position<Id>,
    lead?: string,
  ) {
    const saved = await spec.store(ctx, subject, changes, position);
    if (saved) return show(ctx, saved, position, lead);
  }

  return {
    show,
    advance,
    nav,
    /** A valid answer to `step`: stored, then the step it leads to. */
    answered(ctx: BotContext, subject: S, step: Id, changes: Partial<F>, lead?: string) {
      const fields = { ...spec.fieldsOf(subject), ...changes };
      return advance(ctx, subject, changes, redirect(subject, walk.afterAnswer(step, fields)), lead);
    },
    /** Skip or Next: the step left as it is, where that is allowed. */
    skip(ctx: BotContext, subject: S, step: Id, refusal: string) {
      if (!walk.skippable(step, spec.fieldsOf(subject))) return show(ctx, subject, step, ctx.t(refusal));
      const changes = spec.skipChanges?.(step) ?? {};
      const fields = { ...spec.fieldsOf(subject), ...changes };
      return advance(ctx, subject, changes, redirect(subject, walk.next(step, fields)));
    },
    back(ctx: BotContext, subject: S, from: Position<Id>) {
      const to = walk.previous(from, spec.fieldsOf(subject)) ?? from;
      return advance(ctx, subject, {}, redirect(subject, to));
    },
  };
}
