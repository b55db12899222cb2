import type { Context } from "grammy";
import type { Statement } from "../db/database.js";

/** Writes an update leaves for its end (see `deferWrite`), per update. */
const deferred = new WeakMap<Context, (() => Statement | undefined)[]>();

/**
 * `write` goes to the database when the update's handling ends, in one batch with the update's
 * other deferred writes (the bookkeeping middleware sends them): for what must be written after a
 * message is sent (its id is known only then) and need not be there before the update ends. The
 * statement is built at the end, so it takes what was added since; undefined: nothing left to write.
 */
export function deferWrite(ctx: Context, write: () => Statement | undefined): void {
  const writes = deferred.get(ctx);
  if (writes) writes.push(write);
  else deferred.set(ctx, [write]);
}

/** The update's deferred statements, built now. */
export function deferredWrites(ctx: Context): Statement[] {
  return (deferred.get(ctx) ?? []).flatMap((write) => write() ?? []);
}
