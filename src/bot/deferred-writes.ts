import type { Context } from "grammy";
import type { Statement } from "../db/database.js";

type DeferredWrite = () => Statement | readonly Statement[] | undefined;

/** Writes an update leaves for its end (see `deferWrite`), per update, and what follows them. */
const deferred = new WeakMap<Context, { writes: DeferredWrite[]; after: (() => void)[] }>();

function pendingOf(ctx: Context) {
  let pending = deferred.get(ctx);
  if (!pending) {
    pending = { writes: [], after: [] };
    deferred.set(ctx, pending);
  }
  return pending;
}

/**
 * `write` goes to the database when the update's handling ends, in one batch with the update's
 * other deferred writes (the bookkeeping middleware sends them): for what must be written after a
 * message is sent (its id is known only then), and for a step's own writes, which then share that
 * round trip. The statements are built at the end, so they take what was added since; undefined:
 * nothing left to write. A step that defers its writes answers from what it read and changed in
 * memory: it must not read them back in the same update.
 */
export function deferWrite(ctx: Context, write: DeferredWrite): void {
  pendingOf(ctx).writes.push(write);
}

/** `then` runs once the update's deferred writes are stored (e.g. waking the outbox for rows among them). */
export function afterDeferredWrites(ctx: Context, then: () => void): void {
  pendingOf(ctx).after.push(then);
}

/** The update's deferred statements, built now. */
export function deferredWrites(ctx: Context): Statement[] {
  return (deferred.get(ctx)?.writes ?? []).flatMap((write) => write() ?? []);
}

/** What waits for the update's deferred writes, once they are stored. */
export function afterWrites(ctx: Context): (() => void)[] {
  return deferred.get(ctx)?.after ?? [];
}
