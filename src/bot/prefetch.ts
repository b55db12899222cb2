import type { Context } from "grammy";
import type { Database, Read } from "../db/database.js";
import type { CallbackAction } from "./callback-data.js";

/** What a step's reads may depend on before any middleware or feature ran: who sent it, and when. */
export interface PrefetchInput {
  userId: number;
  now: number;
}

export type Reads<T extends readonly unknown[]> = { [K in keyof T]: Read<T[K]> };

/** A button as `callbacks.ts` declares it; its fields do not matter here. */
export type StepButton = Pick<CallbackAction<Record<never, never>>, "feature" | "action" | "pattern">;

/** A step's reads, registered by its feature (`Prefetches.register`). */
export interface Prefetched<T extends readonly unknown[]> {
  /**
   * The results for `ctx`'s update: those read with its bookkeeping, taken once, or else (an
   * update that did not go through bookkeeping, or was not this step's) read now in one round trip.
   */
  read(ctx: Context): Promise<T>;
}

export interface Prefetches {
  /**
   * `reads` for a press of `button`: asked in the update's bookkeeping round trip, before anything
   * is checked, so they may read only what the sender may read, and the handler decides on them
   * exactly as on a read of its own (the button's ids are still to be checked).
   */
  register<T extends readonly unknown[]>(
    button: StepButton,
    reads: (input: PrefetchInput) => Reads<T>,
  ): Prefetched<T>;
  /** The reads `ctx`'s update announces, and where their results go; undefined: none. */
  readsOf(
    ctx: Context,
  ): { reads: readonly Read<unknown>[]; keep(results: readonly unknown[]): void } | undefined;
}

interface Step {
  pattern: RegExp;
  reads(input: PrefetchInput): readonly Read<unknown>[];
}

/**
 * A step's reads that depend only on who sends the update and when (a form's draft, a daily cap's
 * count) go in the bookkeeping's round trip when the update says which step it is: a button press
 * names it in its callback data. The bookkeeping asks; the features register, so that it knows
 * none of them. An update for no registered step costs nothing more.
 */
export function prefetches(deps: { database: Database; now: () => number }): Prefetches {
  /** By the callback data's `feature|action`, so that an update costs one lookup. */
  const steps = new Map<string, Step>();
  const kept = new WeakMap<Context, { step: Step; results: readonly unknown[] }>();

  const inputOf = (ctx: Context): PrefetchInput | undefined =>
    ctx.from && { userId: ctx.from.id, now: deps.now() };

  function stepOf(ctx: Context): Step | undefined {
    const data = ctx.callbackQuery?.data;
    if (data === undefined) return undefined;
    const [, feature, action] = data.split("|", 3);
    const step = steps.get(`${feature}|${action}`);
    return step?.pattern.test(data) ? step : undefined;
  }

  return {
    register<T extends readonly unknown[]>(button: StepButton, reads: (input: PrefetchInput) => Reads<T>) {
      const key = `${button.feature}|${button.action}`;
      if (steps.has(key)) throw new Error(`reads registered twice for ${key}`);
      const own: Step = { pattern: button.pattern, reads: reads as Step["reads"] };
      steps.set(key, own);
      return {
        async read(ctx) {
          const prefetched = kept.get(ctx);
          if (prefetched?.step === own) {
            kept.delete(ctx);
            return prefetched.results as unknown as T;
          }
          const input = inputOf(ctx);
          if (!input) throw new Error("a step's reads need the update's sender");
          return deps.database.read<T>(reads(input));
        },
      };
    },
    readsOf(ctx) {
      const step = stepOf(ctx);
      const input = step && inputOf(ctx);
      if (!step || !input) return undefined;
      return { reads: step.reads(input), keep: (results) => kept.set(ctx, { step, results }) };
    },
  };
}
