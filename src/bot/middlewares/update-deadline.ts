import { type Context, HttpError, type MiddlewareFn } from "grammy";

/**
 * A webhook request has a deadline: past it the server answers 500, and on Workers whatever the
 * update was still doing is dropped with its promises, which then never settle. So in webhook
 * mode each update gets a budget from the moment it arrives: every Bot API call it makes, retries
 * included, gives up when the budget is spent (as an HttpError, so that the person is told through
 * the outbox once Telegram is back), and the update finishes inside the deadline.
 */
export function withinBudget(budgetMs: number): MiddlewareFn<Context> {
  return (ctx, next) => {
    const deadline = Date.now() + budgetMs;
    ctx.api.config.use(async (prev, method, payload, signal) => {
      const left = deadline - Date.now();
      const gaveUp = () =>
        new HttpError(`Call to '${method}' gave up: the update's time is up`, new Error("deadline"));
      if (left <= 0) throw gaveUp();
      const timeUp = new AbortController();
      const timer = setTimeout(() => timeUp.abort(), left);
      // grammY types signals with its Node polyfill; its client only listens for "abort" on them.
      const either = anySignal(signal as AbortSignal | undefined, timeUp.signal) as unknown as typeof signal;
      try {
        return await Promise.race([
          prev(method, payload, either),
          new Promise<never>((_, reject) => timeUp.signal.addEventListener("abort", () => reject(gaveUp()))),
        ]);
      } finally {
        clearTimeout(timer);
      }
    });
    return next();
  };
}

function anySignal(first: AbortSignal | undefined, second: AbortSignal): AbortSignal {
  if (!first) return second;
  const either = new AbortController();
  for (const s of [first, second]) s.addEventListener("abort", () => either.abort(), { once: true });
  return either.signal;
}

/**
 * Updates of one chat are handled one at a time, in order, so a flow never sees its own steps out
 * of order. With a budget, an update waits for the one before it only until its own budget is
 * spent: the one before it then belongs to an abandoned request (a Worker's promises never settle
 * once its response is sent), and waiting on it would lock the person out for good.
 */
export function oneAtATimePerChat(
  keyOf: (ctx: Context) => string | undefined,
  budgetMs?: number,
): MiddlewareFn<Context> {
  const last = new Map<string, Promise<void>>();
  return async (ctx, next) => {
    const key = keyOf(ctx);
    if (key === undefined) return next();
    const previous = last.get(key);
    let finish!: () => void;
    const mine = new Promise<void>((resolve) => (finish = resolve));
    last.set(key, mine);
    try {
      if (previous) await (budgetMs === undefined ? previous : settledOrTimedOut(previous, budgetMs));
      await next();
    } finally {
      finish();
      if (last.get(key) === mine) last.delete(key);
    }
  };
}

async function settledOrTimedOut(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  await Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}
